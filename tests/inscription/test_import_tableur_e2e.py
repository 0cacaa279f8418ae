"""Two départements' exports through their column mappings (tests/inscription/fixtures/tableur/README.md) and
the real import task on a real worker: an IODAS-like XLSX (new entrant, conjoint, child not followed,
suspension, unknown state, missing flag, a faulty line), then a Solis-like CSV in Windows-1252 with commas
(a closure, a right open again).

These tests commit for real (``base_validee``): each deletes what it created.
"""

import datetime
import io
import pathlib

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from openpyxl import Workbook
from stdnum.fr import nir as stdnum_nir

from francetravail.personnes.models import Personne
from francetravail.reseau.models import Departement
from inscription.actions import lancer_import_flux_caf
from inscription.enums import FormatFlux, ResultatLigne, RoleFoyer, StatutImport
from inscription.models import CorrespondanceColonnes, DroitRSA, FoyerRSA, ImportFluxCAF
from orientation.models import DecisionOrientation

pytestmark = [pytest.mark.e2e, pytest.mark.no_django_db]

TACHE = "inscription.importer_flux_caf"
FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "tableur"

IODAS = {
    "nom": "IODAS — export des bénéficiaires (test)",
    "feuille": "Bénéficiaires",
    "colonnes": {
        "numero_allocataire": ["Matricule"],
        "role": ["Qualité bénéficiaire droit"],
        "nom_naissance": ["Nom JF"],
        "nom_usage": ["Nom"],
        "etat": ["Etat dossier"],
        "motif_suspension": ["Motif suspension"],
        "soumis_droits_devoirs": ["Soumis DD"],
    },
    "valeurs": {"etat": {"Ouvert": "2", "Suspendu": "4", "Clos": "5"}},
}
SOLIS = {
    "nom": "Solis — export CSV (test)",
    "colonnes": {
        "numero_allocataire": ["N° dossier"],
        "nir": ["N° sécu"],
        "date_naissance": ["Né(e) le"],
        "etat": ["Situation du droit"],
        "motif_cloture": ["Motif fin de droit"],
        "date_cloture": ["Fin de droit le"],
        "soumis_droits_devoirs": ["SDD"],
    },
    "valeurs": {"etat": {"Fermé": "5", "Ouvert": "2"}, "role": {"Allocataire": "demandeur"}},
}
ENTETE_IODAS = [
    "Matricule",
    "Qualité bénéficiaire droit",
    "NIR",
    "Nom JF",
    "Nom",
    "Prénom",
    "Date de naissance",
    "adre1 individu",
    "Code postal",
    "Code INSEE",
    "Etat dossier",
    "Motif suspension",
    "Soumis DD",
    "Code individu IODAS",
]


def classeur_iodas():
    """The XLSX of the IODAS mapping: numbers typed as numbers (a spreadsheet's habit)."""
    lignes = [
        [
            880101,
            "DEM",
            "2900559350223" + stdnum_nir.calc_check_digits("2900559350223"),
            "Élodie-Test",
            "",
            "Émilie",
            datetime.datetime(1990, 5, 12),
            "1 rue Nationale",
            59000,
            59350,
            "Ouvert",
            "",
            "O",
            "IOD-1",
        ],
        [
            880101,
            "CJT",
            2870859350225,
            "Conjoint-Test",
            "",
            "Marc",
            "21/08/1987",
            "1 rue Nationale",
            59000,
            59350,
            "Ouvert",
            "",
            "O",
            "IOD-2",
        ],
        [880101, "ENF", "", "Enfant-Test", "", "Léo", "01/02/2015", "", "", "", "Ouvert", "", "", ""],
        [
            880102,
            "DEM",
            "1850759350224",
            "Lefèvre-Test",
            "",
            "Benoît",
            "03/07/1985",
            "2 rue Nationale",
            59000,
            59350,
            "Suspendu",
            "06",
            "O",
            "IOD-3",
        ],
        [880103, "DEM", "", "Inconnu-Test", "", "Ana", "04/04/1980", "", 59000, 59350, "9", "", "O", "IOD-4"],
        [880104, "DEM", "", "Drapeau-Test", "", "Noé", "05/05/1981", "", 59000, 59350, "Ouvert", "", "", "IOD-5"],
        [880105, "DEM", "", "Faute-Test", "", "Zoé", "31/02/1990", "", 59000, 59350, "Ouvert", "", "O", "IOD-6"],
    ]
    classeur = Workbook()
    onglet = classeur.active
    onglet.title = "Notes"
    onglet.append(["Export du 01/12/2026"])
    onglet = classeur.create_sheet("Bénéficiaires")
    onglet.append(ENTETE_IODAS)
    for ligne in lignes:
        onglet.append(ligne)
    flux = io.BytesIO()
    classeur.save(flux)
    return flux.getvalue()


ALLOCATAIRES = [f"0880{n}" for n in range(101, 106)]


@pytest.fixture
def importer(base_validee, settings, monkeypatch, celery_worker_reel):
    monkeypatch.setenv("MEDIA_ROOT", settings.MEDIA_ROOT)
    derniere_personne = Personne.objects.aggregate(m=Max("pk"))["m"] or 0
    dernier_import = ImportFluxCAF.objects.aggregate(m=Max("pk"))["m"] or 0
    nord = Departement.objects.get(code="59")
    with transaction.atomic():
        correspondances = {
            nom: CorrespondanceColonnes.objects.create(departement=nord, **definition)
            for nom, definition in (("iodas", IODAS), ("solis", SOLIS))
        }
    lances = 0

    def importer(nom_fichier, contenu, correspondance):
        nonlocal lances
        with transaction.atomic():
            imp = lancer_import_flux_caf(
                ContentFile(contenu, name=nom_fichier),
                nom_fichier=nom_fichier,
                format=FormatFlux.TABLEUR,
                departement=nord,
                correspondance=correspondances[correspondance],
            )
        lances += 1
        celery_worker_reel.attendre(TACHE, lances, timeout=90)
        imp.refresh_from_db()
        return imp

    try:
        yield importer
    finally:
        DecisionOrientation.objects.filter(personne_id__gt=derniere_personne).delete()
        Personne.objects.filter(pk__gt=derniere_personne).delete()
        FoyerRSA.objects.filter(numero_allocataire__in=ALLOCATAIRES).delete()
        ImportFluxCAF.objects.filter(pk__gt=dernier_import).delete()
        CorrespondanceColonnes.objects.filter(pk__in=[c.pk for c in correspondances.values()]).delete()


def foyer(allocataire):
    return FoyerRSA.objects.get(numero_allocataire=allocataire)


def test_deux_exports_departementaux_par_leur_correspondance(importer):
    imp = importer("iodas.xlsx", classeur_iodas(), "iodas")
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    lignes = {ligne.numero_allocataire: ligne for ligne in imp.lignes.all()}
    # New entrants: the demandeur and the conjoint (a 13-character NIR, its key computed), not the child.
    assert lignes["0880101"].resultat == ResultatLigne.CREEE
    assert Personne.objects.filter(droits_rsa__numero_allocataire="0880101").count() == 2
    conjoint = Personne.objects.get(droits_rsa__numero_allocataire="0880101", droits_rsa__role=RoleFoyer.CONJOINT)
    assert conjoint.inscription.nir == "2870859350225" + stdnum_nir.calc_check_digits("2870859350225")
    assert DecisionOrientation.objects.filter(personne=conjoint).exists()
    assert not Personne.objects.filter(nom_naissance="Enfant-Test").exists()
    # A suspension with its reason.
    assert (foyer("0880102").etat, foyer("0880102").motif_suspension) == ("4", "06")
    # An unknown state is kept and its line ignored; a missing flag orients nobody.
    assert foyer("0880103").etat == "9" and lignes["0880103"].resultat == ResultatLigne.IGNOREE
    assert not DecisionOrientation.objects.filter(personne__droits_rsa__numero_allocataire="0880104").exists()
    # The faulty line is rejected with its cell's error, the others went on.
    assert lignes["0880105"].resultat == ResultatLigne.REJETEE
    assert "date de naissance invalide « 31/02/1990 »" in lignes["0880105"].motif

    imp = importer("solis.csv", (FIXTURES / "solis_fermeture_reouverture.csv").read_bytes(), "solis")
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    assert imp.encodage == "cp1252"
    lignes = {ligne.numero_allocataire: ligne for ligne in imp.lignes.all()}
    emilie = foyer("0880101")
    assert (emilie.etat, emilie.motif_cloture, emilie.date_cloture) == ("5", "PCG", datetime.date(2026, 11, 30))
    assert lignes["0880101"].resultat == ResultatLigne.CLOTUREE and imp.nb_cloturees == 1
    assert foyer("0880102").etat == "2"
    assert DroitRSA.objects.filter(numero_allocataire="0880102").count() == 1
