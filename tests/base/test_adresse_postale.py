"""The address lines (NF Z10-011 as La Poste publishes it): 6 lines of 38 characters at most, capitals
without accents nor punctuation from the street on, « CODE POSTAL LOCALITÉ » last; refusals say why."""

import pytest
from django.core.exceptions import ValidationError

from francetravail.base import adresse_postale as ap
from francetravail.reseau.models import Commune
from tests.factories import PersonneFactory, commune

pytestmark = pytest.mark.django_db


def test_majuscules_sans_accents_ni_ponctuation():
    assert ap.majuscules_postales("12, rue de l'Église-Sœur Thérèse") == "12 RUE DE L EGLISE SOEUR THERESE"
    assert ap.majuscules_postales("  Bâtiment  B — 3ème étage ") == "BATIMENT B 3EME ETAGE"


def test_les_lignes_d_une_personne():
    personne = PersonneFactory(
        prenoms="Élodie", nom_naissance="Lefèvre", adresse="8 rue des Tilleuls", commune=commune("62041")
    )
    assert ap.lignes_personne(personne) == ("Élodie LEFÈVRE", "8 RUE DES TILLEULS", "62000 ARRAS")


def test_le_nom_d_usage_et_les_parties_de_l_adresse():
    personne = PersonneFactory(
        prenoms="Anne",
        nom_naissance="Martin",
        nom_usage="Durand",
        adresse="Appartement 12, Résidence Les Tilleuls, 8 bis, avenue du Peuple Belge",
        code_postal="59800",
    )
    assert ap.lignes_personne(personne) == (
        "Anne DURAND",
        "APPARTEMENT 12",
        "RESIDENCE LES TILLEULS",
        "8 BIS AVENUE DU PEUPLE BELGE",
        "59800 LILLE",
    )


def test_une_ligne_de_plus_de_38_caracteres_est_coupee_entre_deux_mots():
    lignes = ap.lignes_adresse(
        "Jean PETIT", "120 boulevard du Maréchal de Lattre de Tassigny prolongé", commune("62041")
    )
    assert lignes == ("Jean PETIT", "120 BOULEVARD DU MARECHAL DE LATTRE DE", "TASSIGNY PROLONGE", "62000 ARRAS")
    assert all(len(ligne) <= 38 for ligne in lignes)
    assert len("120 BOULEVARD DU MARECHAL DE LATTRE DE") == 38  # the bound itself fits


def test_six_lignes_oui_sept_non():
    six = ap.lignes_adresse("Jean PETIT", "Apt 1, Bat 2, Residence 3, 4 rue 5", commune("62041"))
    assert len(six) == 6
    with pytest.raises(ValidationError, match="ne tient pas sur 6 lignes de 38 caractères"):
        ap.lignes_adresse("Jean PETIT", "Apt 1, Bat 2, Residence 3, Entree 4, 5 rue 6", commune("62041"))


def test_un_nom_trop_long_garde_le_premier_prenom():
    assert ap.nom_destinataire("Marie Françoise Élisabeth", "de la Rochefoucauld") == "Marie DE LA ROCHEFOUCAULD"
    assert ap.nom_destinataire("Marie", "Dupont") == "Marie DUPONT"


def test_la_localite_longue_est_abregee_comme_les_libelles_de_la_poste():
    longue = Commune.objects.create(
        code_insee="99901",
        nom="Saint-Martin-de-Bienfaite-la-Cressonnière",
        departement_id="59",
        codes_postaux=["14290"],
    )
    lignes = ap.lignes_adresse("Jean PETIT", "1 rue Haute", longue)
    # « SAINT » as « ST », then cut at 32 characters (the postcode routes the letter).
    assert lignes[-1] == "14290 ST MARTIN DE BIENFAITE LA CRESSO"
    assert len(lignes[-1]) == 38


@pytest.mark.parametrize(
    ("code_postal", "attendu"),
    [("59000", "59000 LILLE"), ("59800", "59800 LILLE"), ("", None), ("62000", None)],
)
def test_le_code_postal_d_une_commune_qui_en_a_plusieurs(code_postal, attendu):
    if attendu:
        assert ap.lignes_adresse("A B", "1 rue C", commune("59350"), code_postal)[-1] == attendu
    else:
        with pytest.raises(ValidationError) as refus:
            ap.lignes_adresse("A B", "1 rue C", commune("59350"), code_postal)
        assert refus.value.code == ap.CODE_ADRESSE_INCOMPLETE


def test_le_bloc_saisi_d_un_representant_legal():
    lignes = ap.lignes_depuis_texte(
        "Mme Sophie Dupont, mère\n3, rue des Lilas\n59000 Lille", de_qui="du représentant légal"
    )
    assert lignes == ("Mme Sophie Dupont, mère", "3 RUE DES LILAS", "59000 LILLE")
    assert ap.lignes_depuis_texte("M. Paul Roy\n1 place d'Armes\n62000 ARRAS")[-1] == "62000 ARRAS"


@pytest.mark.parametrize(
    ("texte", "motif"),
    [
        ("Mme Dupont, mère, 3 rue des Lilas, Lille", "sur plusieurs lignes"),
        ("Mme Dupont\n3 rue des Lilas\nLille", "code postal (5 chiffres) suivi de la commune"),
        ("Mme Dupont\n3 rue des Lilas\n62000 Lille", "Le code postal 62000 ne dessert pas la commune « Lille »"),
        ("Mme Dupont\n59000 Lille", "sur plusieurs lignes"),
    ],
)
def test_le_bloc_incomplet_d_un_representant_est_refuse(texte, motif):
    with pytest.raises(ValidationError) as refus:
        ap.lignes_depuis_texte(texte, de_qui="du représentant légal")
    assert motif in refus.value.messages[0]
