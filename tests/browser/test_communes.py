"""In a real Chromium, under the site's own Content-Security-Policy: an employer names the workplace
of an offer by typing the beginning of the commune's name and picking it in the suggestions
(the ARIA combobox of static/js/commune.js), by keyboard and by mouse. axe-core checks the form
with the suggestions open."""

import datetime
import os

import pytest
from django.db import transaction
from django.utils import timezone

from entreprises.models import Entreprise, Offre
from francetravail.audit.models import AuditEvent
from francetravail.comptes.models import User
from francetravail.reseau.models import Organisation
from tests.browser.conftest import AXE, CHROMIUM, verifier_accessibilite
from tests.entreprises.factories import employeur, entreprise, offre
from tests.factories import MOT_DE_PASSE, OrganisationFactory, code_totp, professionnel

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "communes-autocompletion.exemple.fr"
ENTREPRISE = "Boulangerie du test des communes"
AGENCE = "Agence du test des communes"


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    entreprises = Entreprise.objects.filter(nom=ENTREPRISE)
    Offre.objects.filter(entreprise__in=entreprises).delete()
    AuditEvent.objects.filter(acting_user__in=users).delete()
    entreprises.delete()
    users.delete()
    Organisation.objects.filter(nom=AGENCE).delete()


@pytest.fixture
def employeur_connu(base_validee):
    _nettoyer()
    with transaction.atomic():
        agence = OrganisationFactory(nom=AGENCE, departement_id="80")
        referent = professionnel(agence, email=f"referent@{DOMAINE}")
        e = entreprise(nom=ENTREPRISE, organisation_referente=agence, referent=referent)
        user = employeur(e, email=f"nadia@{DOMAINE}")
    try:
        yield user
    finally:
        _nettoyer()


@pytest.fixture
def offres_et_conseiller(base_validee):
    _nettoyer()
    with transaction.atomic():
        agence = OrganisationFactory(nom=AGENCE, departement_id="62")
        conseiller = professionnel(agence, email=f"conseiller@{DOMAINE}")
        e = entreprise(nom=ENTREPRISE, organisation_referente=agence, referent=conseiller)
        offre(e, titre="Vendeur en boulangerie à Arras", commune_code="62041")
        offre(e, titre="Vendeur en boulangerie à Lille", commune_code="59350")
    try:
        yield conseiller
    finally:
        _nettoyer()


@pytest.fixture
def navigateur_csp():
    """Chromium keeping the page's CSP (the shared fixture bypasses it to inject axe-core inline):
    axe-core is loaded by the browser itself (an init script, outside the page's policy)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} introuvable.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        context = browser.new_context(locale="fr-FR")
        context.add_init_script(path=str(AXE))
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.erreurs_js = []
        page.violations_csp = []
        page.on("pageerror", lambda exc: page.erreurs_js.append(str(exc)))
        page.on(
            "console",
            lambda msg: page.violations_csp.append(msg.text) if "Content Security Policy" in msg.text else None,
        )
        try:
            yield page
        finally:
            context.close()
            browser.close()


def test_l_employeur_choisit_la_commune_par_son_nom(serveur_web, navigateur_csp, employeur_connu):
    page = navigateur_csp
    page.goto(f"{serveur_web}/comptes/login/")
    page.fill("input[name=login]", employeur_connu.email)
    page.fill("input[name=password]", MOT_DE_PASSE)
    page.locator("main").get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_load_state("load")
    page.goto(f"{serveur_web}/entreprise/offres/nouvelle/")
    main = page.locator("main")

    # The script ran under the CSP: the field became a combobox.
    lieu = main.get_by_role("combobox", name="Lieu de travail (commune)")
    assert lieu.get_attribute("aria-expanded") == "false"

    # 1. By keyboard: a few letters, no accent, lower case; down arrow, Enter.
    lieu.press_sequentially("amien", delay=30)
    liste = page.get_by_role("listbox")
    options = liste.get_by_role("option")
    options.first.wait_for()
    assert lieu.get_attribute("aria-expanded") == "true"
    assert lieu.get_attribute("aria-controls") == liste.get_attribute("id")
    assert options.first.inner_text().startswith("Amiens (80000")
    verifier_accessibilite(page)  # the form with the suggestions open
    lieu.press("ArrowDown")
    assert lieu.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    assert options.first.get_attribute("aria-selected") == "true"
    lieu.press("Enter")  # picks the suggestion, does not submit the form
    assert lieu.input_value() == "Amiens (80000)"
    assert lieu.get_attribute("aria-expanded") == "false"
    assert not Offre.objects.filter(entreprise__nom=ENTREPRISE).exists()

    # 2. By mouse, after Escape closed a first list.
    lieu.fill("")
    lieu.press_sequentially("Saint-Valery-sur", delay=30)
    options.first.wait_for()
    lieu.press("Escape")
    assert liste.is_hidden()
    lieu.press("ArrowDown")  # reopens
    option = liste.get_by_role("option", name="Saint-Valery-sur-Somme (80230)")
    option.click()
    assert lieu.input_value() == "Saint-Valery-sur-Somme (80230)"

    # 3. The rest of the offer, and the commune is the one picked.
    main.get_by_label("Intitulé du poste").fill("Vendeur ou vendeuse en boulangerie (H/F)")
    main.get_by_label("Rechercher le métier").fill("D1102")
    with page.expect_navigation():
        main.get_by_role("button", name="Rechercher", exact=True).click()
    assert main.get_by_role("combobox", name="Lieu de travail (commune)").input_value() == (
        "Saint-Valery-sur-Somme (80230)"
    )
    main.locator("input[name=fiche_rome][value=D1102]").check(force=True)
    main.get_by_label("Description du poste").fill("Accueil des clients, encaissement, mise en rayon.")
    main.get_by_label("Type de contrat").select_option("cdi")
    main.get_by_label("Temps de travail").select_option("plein")
    main.get_by_label("Heures par semaine").fill("35")
    main.get_by_label("Salaire brut mensuel minimum (euros)").fill("2100")
    main.get_by_label("Date de prise de poste").fill((timezone.localdate() + datetime.timedelta(days=20)).isoformat())
    with page.expect_navigation():
        main.get_by_role("button", name="Enregistrer le brouillon", exact=True).click()
    offre = Offre.objects.get(entreprise__nom=ENTREPRISE)
    assert offre.commune_id == "80721"  # Saint-Valery-sur-Somme
    verifier_accessibilite(page)
    assert not page.violations_csp, page.violations_csp


def test_le_conseiller_cherche_les_offres_par_mots_et_nom_de_commune(
    serveur_web, navigateur_csp, offres_et_conseiller
):
    page = navigateur_csp
    page.goto(f"{serveur_web}/comptes/login/")
    page.fill("input[name=login]", offres_et_conseiller.email)
    page.fill("input[name=password]", MOT_DE_PASSE)
    page.locator("main").get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_load_state("load")
    page.fill("input[name=code]", code_totp())
    page.locator("main").get_by_role("button", name="Valider", exact=True).click()
    page.wait_for_load_state("load")
    page.goto(f"{serveur_web}/conseiller/offres/")
    main = page.locator("main")
    main.get_by_label("Mots").fill("vendeur boulangerie")
    commune = main.get_by_role("combobox", name="Commune")
    commune.press_sequentially("arra", delay=30)
    option = page.get_by_role("option", name="Arras (62000) — INSEE 62041")  # codes shown to professionals
    option.wait_for()
    verifier_accessibilite(page)
    option.click()
    assert commune.input_value() == "Arras (62000)"
    with page.expect_navigation():
        main.get_by_role("button", name="Rechercher", exact=True).click()
    texte = main.inner_text()
    assert "Vendeur en boulangerie à Arras" in texte and "Vendeur en boulangerie à Lille" not in texte
    assert main.get_by_role("combobox", name="Commune").input_value() == "Arras (62000)"
    # An ambiguous name, without picking: the choices are said at the field, nothing is listed.
    main.get_by_role("combobox", name="Commune").fill("Beaumont")
    main.get_by_role("combobox", name="Commune").press("Escape")
    with page.expect_navigation():
        main.get_by_role("button", name="Rechercher", exact=True).click()
    assert "Plusieurs communes correspondent à « Beaumont »" in main.inner_text()
    assert "Vendeur en boulangerie" not in main.inner_text()
    verifier_accessibilite(page)
    assert not page.violations_csp, page.violations_csp
