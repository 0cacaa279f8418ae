"""In a real Chromium: a professional logs in with the second factor and reaches
the back-office; a person signs up, confirms their address from the e-mail the
real SMTP sink received, and logs in. axe-core checks every page on the way."""

import pytest

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Organisation
from tests.browser.conftest import lien_dans, verifier_accessibilite
from tests.factories import MOT_DE_PASSE, OrganisationFactory, code_totp, professionnel

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "navigateur.exemple.fr"
ORGANISATION = "Agence du test navigateur"


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    orgs = Organisation.objects.filter(nom=ORGANISATION)
    AuditEvent.objects.filter(acting_user__in=users).delete()
    AuditEvent.objects.filter(organisation__in=orgs).delete()
    JournalAcces.objects.filter(user__in=users).delete()
    users.delete()
    orgs.delete()


@pytest.fixture
def donnees_propres(base_validee):
    _nettoyer()
    try:
        yield
    finally:
        _nettoyer()


def _soumettre(page, bouton):
    page.locator("main").get_by_role("button", name=bouton, exact=True).click()
    page.wait_for_load_state("load")


def test_un_professionnel_se_connecte_avec_son_second_facteur(serveur_web, navigateur, donnees_propres):
    org = OrganisationFactory(nom=ORGANISATION)
    pro = professionnel(org, Role.CONSEILLER, email=f"camille@{DOMAINE}", first_name="Camille", last_name="Durand")
    page = navigateur

    page.goto(f"{serveur_web}/comptes/login/")
    verifier_accessibilite(page)
    page.fill("input[name=login]", pro.email)
    page.fill("input[name=password]", "pas-le-bon-mot-de-passe")
    _soumettre(page, "Se connecter")
    assert "/comptes/login/" in page.url
    assert page.locator("[role=alert], .fr-error-text, .fr-alert--error").count() > 0
    verifier_accessibilite(page)  # the page with its error message

    page.fill("input[name=login]", pro.email)
    page.fill("input[name=password]", MOT_DE_PASSE)
    _soumettre(page, "Se connecter")
    assert "/comptes/2fa/authenticate/" in page.url
    verifier_accessibilite(page)
    page.fill("input[name=code]", code_totp())
    _soumettre(page, "Valider")

    assert page.url.rstrip("/").endswith("/conseiller")
    assert page.get_by_role("heading", level=1).inner_text() == "Tableau de bord"
    assert "Camille Durand" in page.locator("header").inner_text()
    verifier_accessibilite(page)
    page.get_by_role("link", name="Personnes suivies").first.click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1).count() == 1
    verifier_accessibilite(page)

    page.locator("header").get_by_role("link", name="Se déconnecter").first.click()
    page.wait_for_load_state("load")
    verifier_accessibilite(page)
    _soumettre(page, "Se déconnecter")
    assert page.locator("header").get_by_role("link", name="Se connecter").count() > 0


def test_une_personne_s_inscrit_confirme_son_adresse_et_se_connecte(
    serveur_web, navigateur, donnees_propres, smtp_sink
):
    page = navigateur
    email = f"nora@{DOMAINE}"

    page.goto(f"{serveur_web}/comptes/signup/")
    verifier_accessibilite(page)
    page.check("input[name=type_compte][value=personne]")
    page.fill("input[name=first_name]", "Nora")
    page.fill("input[name=last_name]", "Benali")
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", "Un-mot-de-passe-2026")
    page.fill("input[name=password2]", "Un-mot-de-passe-2026")
    _soumettre(page, "Créer mon compte")
    assert "/comptes/confirm-email/" in page.url
    verifier_accessibilite(page)

    courriel = smtp_sink.wait_for(lambda m: m["To"] == email, timeout=10)
    corps = courriel.get_body(preferencelist=("plain",)).get_content()
    page.goto(lien_dans(corps))
    verifier_accessibilite(page)
    _soumettre(page, "Confirmer")  # a POST (ACCOUNT_CONFIRM_EMAIL_ON_GET = False)

    page.goto(f"{serveur_web}/comptes/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", "Un-mot-de-passe-2026")
    _soumettre(page, "Se connecter")
    assert page.url.rstrip("/").endswith("/mon-espace")
    assert "Nora Benali" in page.locator("header").inner_text()
    verifier_accessibilite(page)
    page.get_by_role("link", name="Qui a consulté mon dossier").first.click()
    page.wait_for_load_state("load")
    verifier_accessibilite(page)


def test_le_controle_d_accessibilite_detecte_une_violation(navigateur):
    """The axe-core check is not vacuous: an image without text alternative is critical."""
    navigateur.set_content("<html lang='fr'><head><title>Essai</title></head><body><main><img src='data:,'></main>")
    with pytest.raises(AssertionError, match="image-alt"):
        verifier_accessibilite(navigateur)
