"""The back-office pages of an organisation's API clients: only its active admin, the secret shown once."""

import logging
import re

import pytest
from django.urls import reverse
from oauth2_provider.models import AccessToken

from francetravail.partenaires.models import ClientAPI
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership
from tests.factories import OrganisationFactory, UserFactory, professionnel
from tests.partenaires.factories import client_api, jeton


@pytest.fixture
def agence():
    return OrganisationFactory()


@pytest.fixture
def admin(agence):
    return professionnel(agence, role=Role.ADMIN_ORGANISATION)


def _url(agence, nom="backoffice:clients_api", **kwargs):
    return reverse(nom, kwargs={"pk": agence.pk, **kwargs})


def _secret(reponse):
    return re.search(r'id="client-secret">([^<]+)<', reponse.content.decode()).group(1)


def test_la_liste_montre_role_portees_en_francais_et_derniere_utilisation(client, agence, admin):
    logiciel = client_api(agence, role=Role.CONSEILLER, portees=["personnes:read"], nom="Logiciel RSA")
    client_api(OrganisationFactory(), nom="Logiciel d'ailleurs")
    client.force_login(admin)

    page = client.get(_url(agence)).content.decode()

    assert "Logiciel RSA" in page and "Logiciel d&#x27;ailleurs" not in page
    assert "Lire les personnes (identité, coordonnées, inscription, statut)" in page
    assert "Jamais" in page
    assert reverse("backoffice:client_api", kwargs={"pk": agence.pk, "client_pk": logiciel.pk}) in page


def test_tableau_de_bord_de_l_admin_mene_aux_logiciels(client, agence, admin):
    client.force_login(admin)
    assert _url(agence) in client.get(reverse("backoffice:accueil")).content.decode()


@pytest.mark.parametrize("qui", ["conseiller", "admin_ailleurs", "staff", "desactive"])
def test_refus_404_pour_qui_n_administre_pas_l_organisation(client, agence, qui):
    logiciel = client_api(agence)
    if qui == "conseiller":
        user = professionnel(agence, role=Role.CONSEILLER)
    elif qui == "admin_ailleurs":
        user = professionnel(OrganisationFactory(), role=Role.ADMIN_ORGANISATION)
    elif qui == "staff":
        user = UserFactory(professionnel=True, is_staff=True, is_superuser=True)
    else:
        user = professionnel(agence, role=Role.ADMIN_ORGANISATION)
        Membership.objects.filter(user=user).update(actif=False)
    client.force_login(user)
    avant = ClientAPI.objects.count()
    empreinte = logiciel.application.client_secret

    assert client.get(_url(agence)).status_code == 404
    assert (
        client.post(_url(agence), {"nom": "X", "role": "conseiller", "portees": ["personnes:read"]}).status_code == 404
    )
    assert client.post(_url(agence, "backoffice:renouveler_client_api", client_pk=logiciel.pk)).status_code == 404
    assert client.post(_url(agence, "backoffice:revoquer_client_api", client_pk=logiciel.pk)).status_code == 404

    assert ClientAPI.objects.count() == avant
    logiciel.refresh_from_db()
    logiciel.application.refresh_from_db()
    assert logiciel.actif and logiciel.application.client_secret == empreinte


def test_le_client_d_une_autre_organisation_est_introuvable(client, agence, admin):
    ailleurs = client_api(OrganisationFactory())
    client.force_login(admin)
    assert client.get(_url(agence, "backoffice:client_api", client_pk=ailleurs.pk)).status_code == 404
    assert client.post(_url(agence, "backoffice:revoquer_client_api", client_pk=ailleurs.pk)).status_code == 404
    ailleurs.refresh_from_db()
    assert ailleurs.actif


def test_creer_montre_le_secret_une_seule_fois_sans_le_journaliser(client, agence, admin, caplog):
    client.force_login(admin)
    caplog.set_level(logging.DEBUG)

    reponse = client.post(
        _url(agence), {"nom": "Logiciel RSA", "role": "conseiller", "portees": ["personnes:read", "contrats:read"]}
    )

    assert reponse.status_code == 200
    assert "no-store" in reponse["Cache-Control"]
    logiciel = ClientAPI.objects.get(organisation=agence)
    secret = _secret(reponse)
    assert logiciel.application.client_id in reponse.content.decode()
    assert (logiciel.nom, logiciel.role, logiciel.portees) == (
        "Logiciel RSA",
        "conseiller",
        ["personnes:read", "contrats:read"],
    )
    assert secret not in caplog.text
    # Never again: neither the list nor the client's page shows it.
    assert secret not in client.get(_url(agence)).content.decode()
    assert secret not in client.get(_url(agence, "backoffice:client_api", client_pk=logiciel.pk)).content.decode()


def test_creer_refuse_une_portee_que_le_role_ne_peut_pas_recevoir(client, agence, admin):
    client.force_login(admin)
    reponse = client.post(
        _url(agence), {"nom": "Logiciel", "role": "mediateur", "portees": ["diagnostic.confidentiel:read"]}
    )
    assert reponse.status_code == 200
    assert "ne peut pas recevoir ces portées" in reponse.content.decode()
    assert not ClientAPI.objects.exists()


def test_creer_refuse_un_role_qu_un_client_ne_peut_pas_avoir(client, agence, admin):
    client.force_login(admin)
    reponse = client.post(_url(agence), {"nom": "Logiciel", "role": "pilote", "portees": ["personnes:read"]})
    assert reponse.status_code == 200
    assert not ClientAPI.objects.exists()


def test_renouveler_montre_un_nouveau_secret_et_retire_les_jetons(client, agence, admin):
    logiciel = client_api(agence)
    ancien_jeton = jeton(logiciel)
    client.force_login(admin)

    reponse = client.post(_url(agence, "backoffice:renouveler_client_api", client_pk=logiciel.pk))

    assert reponse.status_code == 200 and "no-store" in reponse["Cache-Control"]
    assert _secret(reponse)
    assert not AccessToken.objects.filter(token=ancien_jeton).exists()
    assert client.get(_url(agence, "backoffice:renouveler_client_api", client_pk=logiciel.pk)).status_code == 405


def test_modifier_les_portees_et_revoquer(client, agence, admin):
    logiciel = client_api(agence, role=Role.CONSEILLER, portees=["personnes:read"])
    client.force_login(admin)
    page = _url(agence, "backoffice:client_api", client_pk=logiciel.pk)

    assert client.post(page, {"portees": ["personnes:read", "rendezvous:read"]}).status_code == 302
    logiciel.refresh_from_db()
    assert logiciel.portees == ["personnes:read", "rendezvous:read"]

    assert client.post(_url(agence, "backoffice:revoquer_client_api", client_pk=logiciel.pk)).status_code == 302
    logiciel.refresh_from_db()
    assert not logiciel.actif and logiciel.revoque_par == admin
    assert "Révoqué" in client.get(_url(agence)).content.decode()
