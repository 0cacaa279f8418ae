"""Each CNAF XML fixture (tests/inscription/fixtures/flux/, both schemas), and a département's export through
its column mapping, through the real import task on a real worker: the reader, the writer, the orientation
of the new entrants, the report.

These tests commit for real (``base_validee``): the workers only see committed rows. Each test deletes
what it created (the imports, the households and the people).
"""

import datetime
import pathlib

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max

from francetravail.personnes.models import Personne
from francetravail.reseau.models import Departement
from inscription import ecriture_flux
from inscription.actions import lancer_import_flux_caf
from inscription.enums import AbsentsDuStock, Canal, Categorie, FormatFlux, ResultatLigne, RoleFoyer, StatutImport
from inscription.models import (
    CorrespondanceColonnes,
    DossierInscription,
    DroitRSA,
    FoyerRSA,
    ImportFluxCAF,
    ReglagesFluxDepartement,
)
from orientation.models import DecisionOrientation
from tests.inscription.flux_xml import Foyer as FoyerXML
from tests.inscription.flux_xml import Personne as PersonneXML
from tests.inscription.flux_xml import fichier_xml

pytestmark = [pytest.mark.e2e, pytest.mark.no_django_db]

TACHE = "inscription.importer_flux_caf"
FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "flux"


@pytest.fixture
def menage(base_validee, settings, monkeypatch):
    """Deletes the imports, households and people the test created."""
    monkeypatch.setenv("MEDIA_ROOT", settings.MEDIA_ROOT)
    derniere_personne = Personne.objects.aggregate(m=Max("pk"))["m"] or 0
    dernier_import = ImportFluxCAF.objects.aggregate(m=Max("pk"))["m"] or 0
    dernier_foyer = FoyerRSA.objects.aggregate(m=Max("pk"))["m"] or 0
    yield
    DecisionOrientation.objects.filter(personne_id__gt=derniere_personne).delete()
    Personne.objects.filter(pk__gt=derniere_personne).delete()
    FoyerRSA.objects.filter(pk__gt=dernier_foyer).delete()
    ImportFluxCAF.objects.filter(pk__gt=dernier_import).delete()


@pytest.fixture
def importer(menage, celery_worker_reel):
    """``importer(nom)``: launches the fixture as an upload would, waits for the worker, returns the import."""
    lances = 0

    def importer(nom, format=FormatFlux.VRSB0801):  # noqa: A002 — the model's field
        """``nom``: a fixture's name, or (name, bytes) for a file the test wrote."""
        nonlocal lances
        nom, contenu = nom if isinstance(nom, tuple) else (nom, (FIXTURES / nom).read_bytes())
        with transaction.atomic():
            imp = lancer_import_flux_caf(ContentFile(contenu, name=nom), nom_fichier=nom, format=format)
        lances += 1
        celery_worker_reel.attendre(TACHE, lances, timeout=60)
        imp.refresh_from_db()
        return imp

    return importer


def nir(nir13):
    return ecriture_flux.nir_complet(nir13)


def personne(nom, prenoms):
    return Personne.objects.get(nom_naissance=nom, prenoms=prenoms)


def foyer(allocataire):
    return FoyerRSA.objects.get(numero_allocataire=allocataire)


def resultats(imp):
    return dict(imp.lignes.values_list("numero_allocataire", "resultat"))


def compteurs(imp):
    return (imp.nb_creees, imp.nb_mises_a_jour, imp.nb_inchangees, imp.nb_cloturees, imp.nb_ignorees, imp.nb_rejetees)


@pytest.mark.parametrize(
    ("fichier", "format_flux"),
    [("vrsb_nouvel_entrant.xml", FormatFlux.VRSB0801), ("vrsd_nouvel_entrant.xml", FormatFlux.VRSD0301)],
)
def test_un_nouvel_entrant_est_inscrit_et_oriente(importer, fichier, format_flux):
    imp = importer(fichier, format_flux)
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    assert compteurs(imp) == (1, 0, 0, 0, 0, 0)
    assert (imp.type_flux, imp.nb_lignes) == ("I", 1)
    assert imp.date_flux == datetime.datetime(2025, 4, 4, 4, 30, tzinfo=datetime.UTC)  # 06:30 Paris
    ines = Personne.objects.get(droits_rsa__numero_allocataire="123456700000000")
    dossier = ines.inscription
    assert (dossier.canal, dossier.categorie) == (Canal.FLUX_CAF_MSA, Categorie.G)
    assert len(dossier.nir) == 15
    assert DecisionOrientation.objects.filter(personne=ines).exists()
    foyer_rsa = foyer("123456700000000")
    assert (foyer_rsa.etat, foyer_rsa.departement_id, foyer_rsa.majoration_isolement) == ("2", "93", True)
    assert foyer_rsa.date_flux == imp.date_flux
    assert ines.commune_id == "93066"
    assert imp.lignes.get().resultat == ResultatLigne.CREEE


def test_le_meme_fichier_deux_fois_est_sans_changement(importer):
    importer("vrsb_couple.xml")
    imp = importer("vrsb_couple.xml")
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    assert compteurs(imp) == (0, 0, 1, 0, 0, 0)
    assert Personne.objects.filter(droits_rsa__numero_allocataire="234567800000000").count() == 2


@pytest.mark.parametrize("fichier", ["vrsb_couple.xml", "vrsd_couple.xml"])
def test_un_couple_le_conjoint_non_soumis_est_rattache_sans_etre_oriente(importer, fichier):
    imp = importer(fichier, FormatFlux.VRSD0301 if fichier.startswith("vrsd") else FormatFlux.VRSB0801)
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    samia = Personne.objects.get(
        droits_rsa__role=RoleFoyer.DEMANDEUR, droits_rsa__numero_allocataire="234567800000000"
    )
    karim = Personne.objects.get(droits_rsa__role=RoleFoyer.CONJOINT, droits_rsa__numero_allocataire="234567800000000")
    assert DecisionOrientation.objects.filter(personne=samia).exists()
    assert not DecisionOrientation.objects.filter(personne=karim).exists()
    assert not DossierInscription.objects.filter(personne=karim).exists()
    droit = DroitRSA.objects.get(personne=karim)
    assert (droit.soumis_droits_devoirs, droit.foyer_id) == (False, foyer("234567800000000").pk)
    assert "conjoint rattaché(e) au foyer, non orienté(e)" in imp.lignes.get().motif


def test_suspension_cloture_puis_reouverture(importer):
    imp = importer("vrsb_suspension.xml")
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    julien = foyer("345678900000000")
    assert (julien.etat, julien.motif_suspension, julien.date_suspension) == ("4", "06", datetime.date(2025, 3, 1))
    assert (foyer("456789000000000").etat, foyer("456789000000000").motif_suspension) == ("3", "GJ")
    # Suspended rights still enter orientation (the right is open).
    assert compteurs(imp)[0] == 2

    imp = importer("vrsb_cloture.xml")
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    julien = foyer("345678900000000")
    assert (julien.etat, julien.motif_cloture, julien.date_cloture) == ("5", "PCG", datetime.date(2025, 4, 30))
    assert resultats(imp)["345678900000000"] == ResultatLigne.CLOTUREE
    assert imp.nb_cloturees == 1
    # Paul DURAND, unknown and closed (6): his household is recorded, nobody is registered.
    assert foyer("567890100000000").etat == "6"
    assert not Personne.objects.filter(droits_rsa__numero_allocataire="567890100000000").exists()

    imp = importer("vrsb_reouverture.xml")
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    julien = foyer("345678900000000")
    assert (julien.etat, julien.motif_cloture) == ("2", "")
    assert resultats(imp)["345678900000000"] == ResultatLigne.MISE_A_JOUR
    assert "droit rouvert" in imp.lignes.get().motif
    assert Personne.objects.filter(droits_rsa__numero_allocataire="345678900000000").count() == 1


def test_un_changement_de_foyer_date_la_sortie_du_conjoint_et_la_composition(importer):
    importer("vrsb_couple.xml")
    imp = importer("vrsb_changement_foyer.xml")
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    foyer_rsa = foyer("234567800000000")
    assert (foyer_rsa.nb_enfants, foyer_rsa.situation_famille) == (3, "SEF")
    karim = Personne.objects.get(droits_rsa__role=RoleFoyer.CONJOINT, droits_rsa__numero_allocataire="234567800000000")
    assert DroitRSA.objects.get(personne=karim).sorti_du_foyer_le == datetime.date(2025, 4, 30)
    samia = DroitRSA.objects.get(role=RoleFoyer.DEMANDEUR, numero_allocataire="234567800000000")
    assert (samia.nb_enfants, samia.nb_personnes_foyer) == (3, foyer_rsa.nb_personnes)
    motif = imp.lignes.get().motif
    assert "composition du foyer modifiée" in motif and "conjoint sorti(e) du foyer le 30/04/2025" in motif


def test_un_demenagement_vers_un_autre_departement(importer):
    importer("vrsb_suspension.xml")
    fatou = Personne.objects.get(droits_rsa__numero_allocataire="456789000000000")
    importer("vrsb_mutation_depart.xml")
    imp = importer("vrsb_mutation_cloture.xml")
    assert (foyer("456789000000000").etat, foyer("456789000000000").motif_cloture) == ("5", "MUT")
    assert imp.nb_cloturees == 1
    imp = importer("vrsb_mutation_arrivee.xml")
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    nouveau = foyer("765432100000000")
    assert nouveau.departement_id == "75"
    # The same person (same NIR): her file follows her, it is not duplicated.
    assert DroitRSA.objects.get(numero_allocataire="765432100000000").personne_id == fatou.pk
    assert Personne.objects.filter(inscription__nir=fatou.inscription.nir).count() == 1
    fatou.refresh_from_db()
    assert fatou.commune_id == "75111"


def test_un_fichier_plus_ancien_apres_un_plus_recent_est_ignore(importer):
    importer("vrsb_ordre_recent.xml")
    avant = FoyerRSA.objects.values().get(numero_allocataire="678901200000000")
    imp = importer("vrsb_ordre_ancien.xml")
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    assert compteurs(imp) == (0, 0, 0, 0, 1, 0)
    ligne = imp.lignes.get()
    assert ligne.resultat == ResultatLigne.IGNOREE
    assert ligne.motif == "fichier du 03/04/2025 plus ancien que celui déjà appliqué pour ce foyer (08/04/2025)"
    assert FoyerRSA.objects.values().get(numero_allocataire="678901200000000") == avant


def test_un_code_d_etat_inconnu_est_garde_et_la_ligne_ignoree(importer):
    imp = importer("vrsb_code_inconnu.xml")
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    assert foyer("789012300000000").etat == "9"
    lignes = {ligne.numero_allocataire: ligne for ligne in imp.lignes.all()}
    assert lignes["789012300000000"].resultat == ResultatLigne.IGNOREE
    assert lignes["789012300000000"].motif.startswith("code d'état inconnu « 9 »")
    assert not Personne.objects.filter(droits_rsa__numero_allocataire="789012300000000").exists()
    # A known state with an unknown reason: kept as received, the right written.
    assert foyer("789012400000000").motif_suspension == "Q7"
    assert lignes["789012400000000"].resultat == ResultatLigne.CREEE


def test_un_drapeau_absent_n_oriente_personne_et_le_dit(importer):
    imp = importer("vrsb_drapeau_absent.xml")
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    assert not DecisionOrientation.objects.filter(personne__droits_rsa__numero_allocataire="890123400000000").exists()
    assert not DossierInscription.objects.filter(personne__droits_rsa__numero_allocataire="890123400000000").exists()
    assert "indicateur droits et devoirs absent (inconnu)" in imp.lignes.get().motif
    # The conjoint of an open right is linked, its flag kept as « unknown ».
    droit = DroitRSA.objects.get(numero_allocataire="890123400000000", role=RoleFoyer.CONJOINT)
    assert droit.soumis_droits_devoirs is None


def test_windows_1252_et_msa(importer):
    imp = importer("vrsb_windows1252.xml")
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    assert imp.encodage.lower().replace("-", "") in {"windows1252", "cp1252"}
    eloise = Personne.objects.get(droits_rsa__numero_allocataire="901234800000000")
    assert (eloise.prenoms, eloise.nom_naissance) == ("ÉLOÏSE", "CŒUR")
    assert FoyerRSA.objects.get(numero_allocataire="000987654321000").organisme_payeur == "MSA"


@pytest.mark.parametrize(("fichier", "rejete"), [("vrsb_encodage_casse.xml", 1), ("vrsb_rejets.xml", 2)])
def test_les_foyers_illisibles_sont_rejetes_seuls(importer, fichier, rejete):
    imp = importer(fichier)
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    assert imp.nb_rejetees == rejete
    assert imp.nb_creees >= 2
    for motif in imp.rejets.values_list("motif", flat=True):
        assert motif and not any(c.isdigit() and len(c) >= 13 for c in motif.split())


@pytest.mark.parametrize("fichier", ["vrsb_tronque.xml", "vrsb_compte_faux.xml"])
def test_un_fichier_tronque_ou_mal_compte_n_ecrit_rien(importer, fichier):
    avant = (Personne.objects.count(), FoyerRSA.objects.count())
    imp = importer(fichier)
    assert imp.statut == StatutImport.ECHEC
    assert imp.erreur
    assert (Personne.objects.count(), FoyerRSA.objects.count()) == avant
    assert not imp.lignes.exists()


def test_un_export_departemental_passe_par_sa_correspondance_et_le_meme_redacteur(menage, celery_worker_reel):
    nir13 = "1841275108046"
    entete = "N° CAF;Rôle;NIR;Nom;Prénom;Date de naissance;Adresse;CP;État"
    contenu = (
        f"{entete}\n"
        f"0123456;DEM;{nir13};Dupont;Jean;12/12/1984;1 rue de la Paix;93200;\n"
        "0123456;CJT;;Durand;Marie;01/01/1985;;;\n"
        "0999999;DEM;;Martin;Paul;02/02/1980;;;5\n"
    ).encode()
    correspondance = CorrespondanceColonnes.objects.create(
        departement_id="93",
        nom="Export de test",
        valeurs={"etat": {"": "2"}, "soumis_droits_devoirs": {"": "oui"}},
    )
    with transaction.atomic():
        imp = lancer_import_flux_caf(
            ContentFile(contenu, name="export.csv"),
            nom_fichier="export.csv",
            format=FormatFlux.TABLEUR,
            departement=Departement.objects.get(code="93"),
            correspondance=correspondance,
        )
    try:
        celery_worker_reel.attendre(TACHE, 1, timeout=60)
        imp.refresh_from_db()
        assert imp.statut == StatutImport.TERMINE, imp.erreur
        assert (imp.nb_creees, imp.nb_rejetees) == (1, 0)
        jean = DossierInscription.objects.get(nir=nir(nir13)).personne
        marie = Personne.objects.get(droits_rsa__role=RoleFoyer.CONJOINT, droits_rsa__numero_allocataire="0123456")
        assert DecisionOrientation.objects.filter(personne=jean).exists()
        assert DecisionOrientation.objects.filter(personne=marie).exists()  # the mapping says « soumis »
        assert foyer("0123456").etat == "2" and foyer("0999999").etat == "5"
        assert not Personne.objects.filter(droits_rsa__numero_allocataire="0999999").exists()
    finally:
        ImportFluxCAF.objects.filter(pk=imp.pk).delete()
        correspondance.delete()


def test_un_stock_mensuel_clot_les_foyers_absents_quand_le_departement_le_veut(importer):
    ReglagesFluxDepartement.objects.update_or_create(
        departement_id="93", defaults={"absents_du_stock": AbsentsDuStock.CLORE}
    )
    ines = PersonneXML("DEM", "LEROUX", "INES", datetime.date(1991, 9, 12), ordre=11)
    paul = PersonneXML("DEM", "MARTIN", "PAUL", datetime.date(1980, 2, 2), sexe="1", ordre=12)
    avril = fichier_xml(
        "vrsb",
        [FoyerXML("111000100000000", [ines]), FoyerXML("111000200000000", [paul])],
        type_flux="M",
        cree_le=datetime.datetime(2025, 4, 4, 6, 30),
    )
    mai = fichier_xml(
        "vrsb",
        [FoyerXML("111000100000000", [ines])],
        type_flux="M",
        cree_le=datetime.datetime(2025, 5, 4, 6, 30),
        date_reference=datetime.date(2025, 4, 30),
    )
    try:
        imp = importer(("RSABEM_avril.xml", avril.encode("cp1252")))
        assert (imp.statut, imp.type_flux, imp.nb_creees) == (StatutImport.TERMINE, "M", 2), imp.erreur
        imp = importer(("RSABEM_mai.xml", mai.encode("cp1252")))
        assert imp.statut == StatutImport.TERMINE, imp.erreur
        assert (imp.nb_inchangees, imp.nb_cloturees) == (1, 1)
        absent = foyer("111000200000000")
        assert (absent.etat, absent.motif_cloture, absent.date_cloture) == (
            "5",
            ecriture_flux.MOTIF_ABSENT_DU_STOCK,
            datetime.date(2025, 4, 30),
        )
        rapport = imp.lignes.get(numero_ligne=0)
        assert rapport.resultat == ResultatLigne.CLOTUREE and "absent du stock mensuel du 04/05/2025" in rapport.motif
        assert foyer("111000100000000").etat == "2"
    finally:
        ReglagesFluxDepartement.objects.filter(departement_id="93").delete()
