"""Communes chosen by name: the search of the autocomplete and the resolution of what was typed."""

import pytest
from django.core.exceptions import ValidationError

from francetravail.reseau.communes import libelle_commune, rechercher_communes, resoudre_commune

pytestmark = pytest.mark.django_db


def _message(texte):
    with pytest.raises(ValidationError) as exc:
        resoudre_commune(texte)
    return " ".join(exc.value.messages)


@pytest.mark.parametrize(
    "texte",
    ["Lille", "lille", "LILLE", "Lille (59000)", "Lille (59800)", "lille(59)", "Lille (59350)", "59000", "  Lille  "],
)
def test_un_nom_exact_ou_qualifie_donne_la_commune(texte, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert resoudre_commune(texte).code_insee == "59350"


def test_accents_tirets_et_apostrophes_ignores():
    assert resoudre_commune("saint etienne").code_insee == "42218"
    assert resoudre_commune("L’HAY LES ROSES").code_insee == "94038"


def test_un_nom_ambigu_liste_les_choix_avec_leur_code_postal():
    message = _message("Beaumont")
    assert "Plusieurs communes correspondent à « Beaumont »" in message
    assert "« Beaumont (63110) »" in message  # the postcode, which the person knows
    assert resoudre_commune("Beaumont (63110)").code_insee == "63032"
    assert resoudre_commune("Beaumont (63)").code_insee == "63032"


def test_un_nom_inconnu_est_refuse():
    assert "Aucune commune ne s'appelle « Lillle »" in _message("Lillle")
    assert "Aucune commune « Lille » pour « 75001 »" in _message("Lille (75001)")
    assert "Indiquez la commune" in _message("   ")


def test_un_code_qui_designe_deux_communes_est_ambigu():
    # 59100 is Roubaix's postcode and Bousignies' INSEE code; 59350, Lille's INSEE code, is also the
    # postcode of Saint-André-lez-Lille. Taking either silently would file the wrong commune.
    assert "Bousignies (59178)" in _message("59100")
    assert "« Saint-André-lez-Lille (59350) »" in _message("59350")
    message = _message("59100")
    assert "Roubaix (59100)" in message
    assert "Aucune commune n'a le code « 99999 »" in _message("99999")


def test_la_recherche_tolere_accents_et_casse_et_met_les_noms_exacts_d_abord(django_assert_num_queries):
    with django_assert_num_queries(1):
        resultats = rechercher_communes("lill")
    assert resultats[0].code_insee == "59350"
    assert rechercher_communes("SAINT-ETIEN")[0].code_insee == "42218"
    assert rechercher_communes("59000")[0].code_insee == "59350"
    assert rechercher_communes("Lille (59000)")[0].code_insee == "59350"
    assert rechercher_communes("l") == []
    assert rechercher_communes(None) == []
    assert len(rechercher_communes("saint", limite=5)) == 5


def test_le_libelle_montre_le_code_postal():
    assert libelle_commune(resoudre_commune("Lille")) == "Lille (59000)"
    assert libelle_commune(None) == ""


def test_un_formulaire_de_professionnel_lit_un_code_seul_comme_code_insee():
    assert resoudre_commune("59350", codes_insee=True).code_insee == "59350"
    # A postcode that is no INSEE code still finds its commune.
    assert resoudre_commune("59000", codes_insee=True).code_insee == "59350"
    assert "Aucune commune n'a le code « 99999 »" in _message_codes("99999")


def _message_codes(texte):
    with pytest.raises(ValidationError) as exc:
        resoudre_commune(texte, codes_insee=True)
    return " ".join(exc.value.messages)
