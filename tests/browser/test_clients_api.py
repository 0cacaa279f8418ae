"""In a real Chromium: an organisation's admin registers its software from the dashboard, sees the secret
once, and the software gets a token with it at /api/oauth/token/ and reads the API. axe-core checks each page."""

import base64
import json
import urllib.parse
import urllib.request

import pytest
from django.db import transaction
from oauth2_provider.models import AccessToken, Application

from francetravail.audit.models import AuditEvent
from francetravail.comptes.models import User
from francetravail.partenaires.models import ClientAPI
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Organisation
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_rattachement_membres import _se_connecter
from tests.factories import OrganisationFactory, professionnel

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "clients-api-navigateur.exemple.fr"
AGENCE = "Agence du test des clients de l'API"


def _nettoyer():
    clients = ClientAPI.objects.filter(organisation__nom=AGENCE)
    applications = list(clients.values_list("application_id", flat=True))
    comptes = list(clients.values_list("compte_id", flat=True))
    orgs = Organisation.objects.filter(nom=AGENCE)
    AuditEvent.objects.filter(organisation__in=orgs).delete()
    AccessToken.objects.filter(application_id__in=applications).delete()
    clients.delete()
    Application.objects.filter(pk__in=applications).delete()
    User.objects.filter(pk__in=comptes).delete()
    User.objects.filter(email__endswith=f"@{DOMAINE}").delete()
    orgs.delete()


@pytest.fixture
def admin(base_validee):
    _nettoyer()
    with transaction.atomic():
        agence = OrganisationFactory(nom=AGENCE, departement_id="59")
        admin = professionnel(agence, Role.ADMIN_ORGANISATION, email=f"claire@{DOMAINE}")
    try:
        yield admin
    finally:
        _nettoyer()


def _post(url, donnees, entetes):
    requete = urllib.request.Request(url, data=urllib.parse.urlencode(donnees).encode(), headers=entetes)
    with urllib.request.urlopen(requete, timeout=10) as reponse:  # noqa: S310 — the local test server
        return reponse.status, json.loads(reponse.read())


def _get(url, entetes):
    with urllib.request.urlopen(urllib.request.Request(url, headers=entetes), timeout=10) as reponse:  # noqa: S310
        return reponse.status, json.loads(reponse.read())


def test_l_admin_enregistre_un_logiciel_qui_obtient_un_jeton(serveur_web, navigateur, admin):
    page = navigateur
    _se_connecter(page, serveur_web, admin)
    page.get_by_role("link", name=f"Logiciels de {AGENCE} connectés à l’API").click()
    page.wait_for_load_state("load")
    assert "Aucun logiciel" in page.locator("main").inner_text()
    verifier_accessibilite(page)

    page.get_by_label("Nom du logiciel").fill("Logiciel RSA")
    page.get_by_label("Rôle des appels").select_option("conseiller")
    page.get_by_label("Lire les personnes (identité, coordonnées, inscription, statut)").check()
    page.get_by_role("button", name="Enregistrer le logiciel").click()
    page.wait_for_load_state("load")

    assert "il ne sera plus jamais affiché" in page.locator("main").inner_text()
    client_id = page.locator("#client-id").inner_text().strip()
    secret = page.locator("#client-secret").inner_text().strip()
    verifier_accessibilite(page)

    page.get_by_role("link", name="J’ai copié le secret").click()
    page.wait_for_load_state("load")
    assert "Logiciel RSA" in page.locator("main").inner_text()
    assert secret not in page.content()
    verifier_accessibilite(page)
    page.get_by_role("link", name="Logiciel RSA").click()
    page.wait_for_load_state("load")
    assert client_id in page.locator("main").inner_text() and secret not in page.content()
    verifier_accessibilite(page)

    identifiants = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    statut, jeton = _post(
        f"{serveur_web}/api/oauth/token/",
        {"grant_type": "client_credentials"},
        {"Authorization": f"Basic {identifiants}", "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert statut == 200 and jeton["scope"] == "personnes:read"
    statut, corps = _get(
        f"{serveur_web}/api/v1/personnes/",
        {"Authorization": f"Bearer {jeton['access_token']}", "Accept": "application/json"},
    )
    assert statut == 200 and corps["results"] == []
    assert ClientAPI.objects.get(organisation__nom=AGENCE).derniere_utilisation is not None
