"""The job-title autocomplete: tolerant to case, accents and typos, read from its trigram index."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q, Value

from francetravail.personnes.cle_nom import CleNom
from francetravail.rome.models import Appellation
from francetravail.rome.recherche import rechercher_appellations, resoudre_metier


def _libelles(texte, **kwargs):
    return [a.libelle_long for a in rechercher_appellations(texte, **kwargs)]


def test_sans_casse_ni_accents():
    # ROME writes "Electricien" at the start of a label and "électricien" inside one.
    libelles = _libelles("électricien", limite=100)
    assert libelles[0].startswith("Electricien / Electricienne")
    assert "Aide électricien / Aide électricienne de maintenance" in libelles
    assert _libelles("ELECTRICIEN", limite=100) == libelles
    assert _libelles("maçon")[0] == "Maçon / Maçonne"
    assert _libelles("MACON")[0] == "Maçon / Maçonne"


def test_deux_lettres_suffisent_pour_un_debut_de_libelle():
    libelles = _libelles("ma")
    assert libelles
    assert all(lib.upper().startswith(("MA", "MÂ")) for lib in libelles), libelles


def test_une_faute_de_frappe_est_pardonnee():
    assert _libelles("boulenger")[0] == "Boulanger / Boulangère"


def test_le_libelle_exact_vient_en_premier():
    libelles = _libelles("boulanger")
    assert libelles[0] == "Boulanger / Boulangère"
    assert "Boulanger-pâtissier / Boulangère-pâtissière" in libelles
    # The feminine form typed in full is as exact as the masculine one.
    assert _libelles("boulangère")[0] == "Boulanger / Boulangère"
    assert _libelles("Secrétaire")[0].startswith("Secrétaire")


def test_un_code_rome_donne_les_appellations_de_sa_fiche():
    resultats = rechercher_appellations("m1607", limite=200)
    attendus = Appellation.objects.filter(fiche_id="M1607").count()
    assert attendus > 1
    assert len(resultats) >= attendus
    assert {a.fiche_id for a in resultats[:attendus]} == {"M1607"}
    assert "Secrétaire" in [a.libelle_long for a in resultats]


def test_saisie_vide_ou_trop_courte():
    assert rechercher_appellations("") == []
    assert rechercher_appellations("   ") == []
    assert rechercher_appellations("a") == []
    assert rechercher_appellations(None) == []


def test_la_limite_est_respectee():
    assert len(rechercher_appellations("agent", limite=5)) == 5


def test_les_apostrophes_droite_et_typographique_se_valent():
    assert _libelles("agent d'entretien")[:3] == _libelles("agent d’entretien")[:3]


def test_la_recherche_lit_l_index_trigramme():
    cle = CleNom(Value("boulenger"))
    qs = Appellation.objects.alias(c=CleNom("libelle_long")).filter(
        Q(c__contains=cle) | Q(c__trigram_word_similar=cle)
    )
    with connection.cursor() as cursor:
        # Without this the planner may read 13 000 rows whole rather than the index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = qs.explain()
    assert "rome_appellation_cle_trgm" in plan, plan


# --- Resolution of what was typed in a form (the ORE's jobs) ----------------------------------------


def _refus(texte):
    with pytest.raises(ValidationError) as exc:
        resoudre_metier(texte)
    return " ".join(exc.value.messages)


@pytest.mark.parametrize(
    "texte",
    ["D1102", "d1102", "Boulanger / Boulangère (D1102)", "boulanger / boulangere", "Boulanger", "BOULANGÈRE"],
)
def test_un_metier_nomme_ou_code_donne_sa_fiche(texte, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        assert resoudre_metier(texte) == "D1102"


def test_un_metier_ambigu_liste_les_choix_avec_leur_code():
    message = _refus("Agent")
    assert "Plusieurs métiers correspondent à « Agent »" in message
    # The shortest labels first, each with its sheet's code to pick it.
    assert "« Agent / Agente d'accueil (M1601) »" in message
    assert message.count("« Agent / Agente") == 8 and message.endswith("» ….")


def test_un_metier_inconnu_est_refuse():
    assert "Aucun métier ne s'appelle « Boulangr »" in _refus("Boulangr")
    assert "Code ROME inconnu du référentiel : A9999" in _refus("A9999")
    assert "Indiquez le métier" in _refus("  ")
