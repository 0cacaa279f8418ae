"""In a real Chromium, a département's staff member runs an export of their software through the platform:
uploads an XLSX, maps the two columns the platform did not recognise, sees the preview with one error,
fixes the mapping, imports (a real Celery worker), downloads the report. axe-core checks each page; the
lists are read at 1280 px without a horizontal scroll."""

import io
import time
from pathlib import Path

import pytest
from django.db import transaction
from django.db.models import Max
from openpyxl import Workbook
from stdnum.fr import nir as stdnum_nir

from francetravail.audit.models import AuditEvent
from francetravail.comptes.models import User
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Organisation
from inscription.enums import StatutImport
from inscription.models import CorrespondanceColonnes, FoyerRSA, ImportFluxCAF
from orientation.models import DecisionOrientation
from tests.browser.conftest import verifier_accessibilite
from tests.factories import MOT_DE_PASSE, OrganisationFactory, code_totp, professionnel

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "flux-caf.exemple.fr"
CONSEIL = "Conseil départemental du test des flux"
CORRESPONDANCE = "Export Solis (test du navigateur)"
TACHE = "inscription.importer_flux_caf"


def _nir(debut):
    return debut + stdnum_nir.calc_check_digits(debut)


# « N° dossier Solis » and « Né(e) le » are no header the platform knows; « ALLOC » is no role code it knows.
ENTETE = ["N° dossier Solis", "Qualité", "NIR", "Nom", "Prénom", "Né(e) le", "Adresse", "Code postal", "Code INSEE"]
LIGNES = [
    [
        "7712345",
        "ALLOC",
        _nir("2900559350123"),
        "Testflux",
        "Alice",
        "12/05/1990",
        "1 rue Nationale",
        "59000",
        "59350",
    ],
    ["7712346", "DEM", _nir("1850759350124"), "Testflux", "Bruno", "03/07/1985", "2 rue Nationale", "59000", "59350"],
    ["7712346", "CJT", _nir("2870859350125"), "Testflux", "Chloé", "21/08/1987", "2 rue Nationale", "59000", "59350"],
]


def _classeur(chemin):
    classeur = Workbook()
    onglet = classeur.active
    onglet.title = "Bénéficiaires"
    onglet.append(ENTETE)
    for ligne in LIGNES:
        onglet.append(ligne)
    flux = io.BytesIO()
    classeur.save(flux)
    chemin.write_bytes(flux.getvalue())
    return chemin


def _nettoyer(derniere_personne, dernier_import):
    DecisionOrientation.objects.filter(personne_id__gt=derniere_personne).delete()
    Personne.objects.filter(pk__gt=derniere_personne).delete()
    FoyerRSA.objects.filter(numero_allocataire__in={ligne[0] for ligne in LIGNES}).delete()
    ImportFluxCAF.objects.filter(pk__gt=dernier_import).delete()
    CorrespondanceColonnes.objects.filter(nom=CORRESPONDANCE).delete()
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    AuditEvent.objects.filter(acting_user__in=users).delete()
    users.delete()
    Organisation.objects.filter(nom=CONSEIL).delete()


@pytest.fixture
def departement(base_validee, monkeypatch, settings):
    monkeypatch.setenv("MEDIA_ROOT", settings.MEDIA_ROOT)  # the worker reads the stored file there
    derniere_personne = Personne.objects.aggregate(m=Max("pk"))["m"] or 0
    dernier_import = ImportFluxCAF.objects.aggregate(m=Max("pk"))["m"] or 0
    _nettoyer(derniere_personne, dernier_import)
    with transaction.atomic():
        cd = OrganisationFactory(nom=CONSEIL, departement_id="59", conseil_departemental=True)
        admin = professionnel(cd, Role.ADMIN_ORGANISATION, email=f"agathe@{DOMAINE}")
        CorrespondanceColonnes.objects.create(departement_id="59", nom=CORRESPONDANCE, feuille="Bénéficiaires")
    try:
        yield admin
    finally:
        _nettoyer(derniere_personne, dernier_import)


def _se_connecter(page, serveur_web, user):
    page.goto(f"{serveur_web}/comptes/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", MOT_DE_PASSE)
    page.locator("main").get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_load_state("load")
    page.fill("input[name=code]", code_totp())
    page.locator("main").get_by_role("button", name="Valider", exact=True).click()
    page.wait_for_load_state("load")


def _sans_defilement_horizontal(page):
    largeurs = page.evaluate(
        "() => [...document.querySelectorAll('main table')].map(t => [t.scrollWidth, t.parentElement.clientWidth])"
    )
    assert all(table <= boite + 1 for table, boite in largeurs), largeurs


def _attendre_fin(imp_pk, timeout=90):
    fin = time.monotonic() + timeout
    while time.monotonic() < fin:
        imp = ImportFluxCAF.objects.get(pk=imp_pk)
        if imp.statut in (StatutImport.TERMINE, StatutImport.ECHEC):
            return imp
        time.sleep(0.2)
    raise TimeoutError("import non terminé")


def test_un_export_xlsx_mis_en_correspondance_puis_importe(
    serveur_web, navigateur, departement, celery_worker_reel, tmp_path
):
    page = navigateur
    page.set_viewport_size({"width": 1280, "height": 900})
    _se_connecter(page, serveur_web, departement)

    # From the dashboard to the département's flows, then the upload.
    page.get_by_role("link", name="Flux CAF/MSA : imports en cours ou en échec — 59 Nord").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Flux CAF/MSA — 59")
    verifier_accessibilite(page)
    page.get_by_role("link", name="Téléverser un fichier").click()
    page.set_input_files("input[name=fichier]", str(_classeur(tmp_path / "export-solis.xlsx")))
    page.select_option("select[name=correspondance]", label=CORRESPONDANCE)
    verifier_accessibilite(page)
    page.get_by_role("button", name="Voir l’aperçu").click()

    # The preview: two columns not recognised, the file cannot be imported yet.
    main = page.locator("main")
    assert "Le fichier ne peut pas être importé avec cette correspondance" in main.inner_text()
    assert main.get_by_role("button", name="Importer", exact=True).count() == 0
    verifier_accessibilite(page)
    page.select_option("select[name=colonne_1]", label="Numéro d'allocataire")
    page.select_option("select[name=colonne_6]", label="Date de naissance")
    page.get_by_role("button", name="Enregistrer dans la correspondance").click()

    # Now read: one line in error, its role code unknown, shown in its cell.
    texte = main.inner_text()
    assert "Le fichier ne peut pas être importé" not in texte
    assert "1 ligne sur 3 en erreur" in texte
    assert "valeur inconnue « ALLOC »" in texte
    verifier_accessibilite(page)

    # Fix the mapping (the role's codes), back to the preview: no error left.
    page.get_by_role("link", name=f"Modifier la correspondance « {CORRESPONDANCE} »").click()
    verifier_accessibilite(page)
    page.fill("textarea[name=valeurs_role]", "ALLOC = demandeur")
    page.get_by_role("button", name="Enregistrer et revenir à l’aperçu").click()
    texte = main.inner_text()
    assert "en erreur" not in texte and "valeur inconnue" not in texte
    assert "7712345" in texte

    # Import: a real worker runs it; the import's page shows its counts and its report.
    page.get_by_role("button", name="Importer", exact=True).click()
    imp = ImportFluxCAF.objects.get(correspondance__nom=CORRESPONDANCE)
    celery_worker_reel.attendre(TACHE, 1, timeout=90)
    imp = _attendre_fin(imp.pk)
    assert imp.statut == StatutImport.TERMINE, imp.erreur
    page.reload()
    assert page.locator("#statut-import").text_content().strip() == "Terminé"
    verifier_accessibilite(page)
    with page.expect_download() as telechargement:
        page.get_by_role("link", name="Télécharger le rapport").click()
    contenu = Path(telechargement.value.path()).read_bytes()
    assert contenu.startswith(b"\xef\xbb\xbf")
    rapport = contenu.decode("utf-8-sig")
    assert rapport.splitlines()[0] == "ligne;résultat;numéro d'allocataire;motif;contenu"
    assert "7712345" in rapport and "7712346" in rapport

    # The list of imports, readable at 1280 px.
    page.get_by_role("link", name="Flux CAF/MSA — Nord").first.click()
    assert "export-solis.xlsx" in main.inner_text()
    _sans_defilement_horizontal(page)
    verifier_accessibilite(page)
    page.get_by_role("link", name="Correspondances de colonnes").click()
    _sans_defilement_horizontal(page)
    verifier_accessibilite(page)
