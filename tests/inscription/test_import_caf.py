"""The CAF/MSA flow import: checks line by line, idempotent, never loses a good line for a bad one."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from francetravail.personnes.models import Personne
from inscription import import_caf
from inscription.enums import Canal, Categorie, StatutImport
from inscription.models import DossierInscription, DroitRSA, ImportFluxCAF
from tests.inscription.flux import fichier, lignes


def _importer(contenu, nom="flux.csv"):
    imp = ImportFluxCAF.objects.create(nom_fichier=nom)
    imp.fichier.save(nom, ContentFile(contenu), save=True)
    return import_caf.executer(imp.pk)


def _motifs(imp):
    return {r.numero_ligne: r.motif for r in imp.rejets.all()}


def test_un_fichier_valide_inscrit_chaque_allocataire_en_categorie_g():
    donnees = lignes(20)
    imp = _importer(fichier(donnees))
    assert imp.statut == StatutImport.TERMINE
    assert (imp.nb_lignes, imp.nb_traitees, imp.nb_creees, imp.nb_rejetees) == (20, 20, 20, 0)
    dossier = DossierInscription.objects.select_related("personne").get(nir=donnees[0]["nir"])
    assert (dossier.canal, dossier.categorie, dossier.statut) == (Canal.FLUX_CAF_MSA, Categorie.G, "inscrit")
    personne = dossier.personne
    assert personne.nom_naissance == donnees[0]["nom_naissance"]
    assert personne.commune_id == donnees[0]["code_insee"]
    assert personne.departement_id == personne.commune.departement_id
    droit = DroitRSA.objects.get(personne=personne)
    assert droit.date_ouverture == datetime.date(2026, 10, 1)
    assert droit.import_source_id == imp.pk
    assert dossier.nir_masque.startswith(dossier.nir[0]) and dossier.nir not in dossier.nir_masque


def test_le_meme_fichier_deux_fois_ne_change_rien():
    contenu = fichier(lignes(30))
    premier = _importer(contenu)
    avant = {p.pk: p.updated_at for p in Personne.objects.filter(inscription__canal=Canal.FLUX_CAF_MSA)}
    evenements = DossierInscription.pgh_event_model.objects.count()
    second = _importer(contenu)
    assert (second.nb_creees, second.nb_mises_a_jour, second.nb_inchangees) == (0, 0, 30)
    assert Personne.objects.filter(inscription__canal=Canal.FLUX_CAF_MSA).count() == premier.nb_creees == 30
    assert {p.pk: p.updated_at for p in Personne.objects.filter(pk__in=avant)} == avant
    assert DossierInscription.pgh_event_model.objects.count() == evenements


def test_une_personne_connue_est_mise_a_jour_sans_doublon_et_ses_coordonnees_gardees():
    donnees = lignes(3)
    _importer(fichier(donnees))
    personne = DossierInscription.objects.get(nir=donnees[1]["nir"]).personne
    personne.email = "choisie.par.la.personne@exemple.fr"
    personne.save()
    donnees[1] = {**donnees[1], "adresse": "3 place du Marché", "email": "autre@exemple.fr"}
    imp = _importer(fichier(donnees))
    assert (imp.nb_creees, imp.nb_mises_a_jour, imp.nb_inchangees) == (0, 1, 2)
    personne.refresh_from_db()
    assert personne.adresse == "3 place du Marché"
    assert personne.email == "choisie.par.la.personne@exemple.fr"
    assert DossierInscription.objects.filter(nir=donnees[1]["nir"]).count() == 1


@pytest.mark.parametrize(
    ("modification", "motif"),
    [
        ({"nir": "123"}, "NIR invalide"),
        ({"nir": "185057505612389"}, "NIR invalide"),
        ({"date_naissance": "1999-02-30"}, "date de naissance invalide"),
        ({"date_naissance": "31/12/2099"}, "hors limites"),
        ({"code_insee": "99999"}, "commune inconnue"),
        ({"code_postal": "00000"}, "ne dessert pas la commune"),
        ({"organisme_payeur": "CPAM"}, "organisme payeur inconnu"),
        ({"role": "enfant"}, "rôle inconnu"),
        ({"telephone": "12345"}, "téléphone invalide"),
        ({"email": "pas-une-adresse"}, "adresse électronique invalide"),
        ({"nom_naissance": ""}, "nom_naissance"),
        ({"nb_enfants": "-1"}, "nombre d'enfants invalide"),
        ({"date_ouverture_droit": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()}, "futur"),
    ],
)
def test_une_ligne_fautive_est_rejetee_avec_son_motif_et_les_autres_sont_prises(modification, motif):
    donnees = lignes(4)
    donnees[2] = {**donnees[2], **modification}
    imp = _importer(fichier(donnees))
    assert (imp.nb_creees, imp.nb_rejetees) == (3, 1)
    assert motif in _motifs(imp)[4]  # line 1 is the header


def test_le_nir_doit_correspondre_a_la_naissance():
    donnees = lignes(2)
    naissance = datetime.date.fromisoformat(donnees[0]["date_naissance"])
    donnees[0] = {**donnees[0], "date_naissance": naissance.replace(year=naissance.year - 1).isoformat()}
    imp = _importer(fichier(donnees))
    assert "année de naissance" in _motifs(imp)[2]


def test_une_ligne_en_double_et_une_ligne_mal_formee_sont_rejetees():
    donnees = lignes(3)
    imp = _importer(fichier([*donnees, donnees[0]], brutes=["trop;peu;de;colonnes"]))
    assert imp.nb_creees == 3
    assert _motifs(imp) == {5: "même NIR que la ligne 2 du fichier", 6: "nombre de colonnes incorrect (attendu 16)"}


@pytest.mark.parametrize(
    ("contenu", "erreur"),
    [
        (b"", "vide"),
        ("nom;prénom\nA;B\n".encode(), "Colonnes manquantes"),
        (b"\xff\xfe\x00n\x00o\x00m", "UTF-8"),
    ],
)
def test_un_fichier_illisible_echoue_avec_un_message_clair(contenu, erreur):
    imp = _importer(contenu)
    assert imp.statut == StatutImport.ECHEC
    assert erreur in imp.erreur
    assert imp.nb_creees == 0


def test_un_fichier_de_10000_lignes_avec_des_erreurs_garde_toutes_les_bonnes_lignes():
    donnees = lignes(10_000, graine=7)
    for i in range(0, 10_000, 500):
        donnees[i] = {**donnees[i], "code_insee": "00000"}
    imp = _importer(fichier(donnees))
    assert (imp.nb_lignes, imp.nb_traitees, imp.nb_rejetees, imp.nb_creees) == (10_000, 10_000, 20, 9_980)
    assert imp.progression == 100


def test_l_import_signale_les_doublons_potentiels_sans_fusionner():
    from inscription.models import DoublonPotentiel
    from tests.factories import PersonneFactory

    donnees = lignes(2)
    existante = PersonneFactory(
        nom_naissance=donnees[0]["nom_naissance"],
        prenoms=donnees[0]["prenoms"],
        date_naissance=datetime.date.fromisoformat(donnees[0]["date_naissance"]),
    )
    imp = _importer(fichier(donnees))
    assert imp.nb_creees == 2
    doublon = DoublonPotentiel.objects.get()
    assert doublon.autre == existante
    assert doublon.personne.inscription.nir == donnees[0]["nir"]


def test_un_nir_corse_2a_est_accepte_et_une_lettre_ailleurs_refusee():
    from stdnum.fr import nir as stdnum_nir

    donnees = lignes(2)
    naissance = datetime.date.fromisoformat(donnees[0]["date_naissance"])
    debut = f"1{naissance.year % 100:02d}{naissance.month:02d}2A004001"
    donnees[0] = {**donnees[0], "nir": debut + stdnum_nir.calc_check_digits(debut)}
    donnees[1] = {**donnees[1], "nir": donnees[1]["nir"][:7] + "X" + donnees[1]["nir"][8:]}
    imp = _importer(fichier(donnees))
    assert imp.nb_creees == 1
    assert "NIR invalide" in _motifs(imp)[3]
