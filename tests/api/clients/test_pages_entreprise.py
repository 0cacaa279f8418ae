"""A company's admin connects its recruitment software: create, secret once, rotate, revoke; nobody else."""

import re

import pytest
from django.urls import reverse

from entreprises.enums import RoleEntreprise
from francetravail.partenaires.models import ClientAPI
from tests.entreprises.factories import employeur, entreprise
from tests.partenaires.factories import client_api_entreprise


@pytest.fixture
def societe():
    return entreprise()


def _url(societe, nom="entreprises:clients_api", **kwargs):
    return reverse(nom, kwargs={"pk": societe.pk, **kwargs})


def test_l_admin_cree_voit_le_secret_une_fois_et_le_compte_technique_n_est_pas_un_membre(client, societe):
    admin = employeur(societe)
    client.force_login(admin)
    assert _url(societe) in client.get(reverse("entreprises:entreprise", kwargs={"pk": societe.pk})).content.decode()

    reponse = client.post(_url(societe), {"nom": "Mon ATS", "portees": ["offres:read", "offres:write"]})

    assert reponse.status_code == 200 and "no-store" in reponse["Cache-Control"]
    secret = re.search(r'id="client-secret">([^<]+)<', reponse.content.decode()).group(1)
    logiciel = ClientAPI.objects.get(entreprise_api__entreprise=societe)
    assert logiciel.portees == ["offres:read", "offres:write"]
    assert secret not in client.get(_url(societe)).content.decode()
    page_entreprise = client.get(reverse("entreprises:entreprise", kwargs={"pk": societe.pk})).content.decode()
    assert logiciel.compte.email not in page_entreprise


def test_une_portee_du_reseau_est_refusee(client, societe):
    client.force_login(employeur(societe))
    reponse = client.post(_url(societe), {"nom": "ATS", "portees": ["personnes:read"]})
    assert reponse.status_code == 200
    assert not ClientAPI.objects.exists()


@pytest.mark.parametrize("qui", ["recruteur", "admin_ailleurs"])
def test_refus_404_sans_rien_changer(client, societe, qui):
    logiciel = client_api_entreprise(societe)
    user = employeur(societe, role=RoleEntreprise.RECRUTEUR) if qui == "recruteur" else employeur(entreprise())
    client.force_login(user)
    assert client.get(_url(societe)).status_code == 404
    assert client.post(_url(societe), {"nom": "ATS", "portees": ["offres:read"]}).status_code == 404
    assert client.get(_url(societe, "entreprises:client_api", client_pk=logiciel.pk)).status_code == 404
    assert client.post(_url(societe, "entreprises:renouveler_client_api", client_pk=logiciel.pk)).status_code == 404
    assert client.post(_url(societe, "entreprises:revoquer_client_api", client_pk=logiciel.pk)).status_code == 404
    assert ClientAPI.objects.count() == 1
    logiciel.refresh_from_db()
    assert logiciel.actif and logiciel.secret_renouvele_le is None


def test_renouveler_modifier_revoquer(client, societe):
    logiciel = client_api_entreprise(societe)
    client.force_login(employeur(societe))
    reponse = client.post(_url(societe, "entreprises:renouveler_client_api", client_pk=logiciel.pk))
    assert reponse.status_code == 200 and 'id="client-secret"' in reponse.content.decode()
    page = _url(societe, "entreprises:client_api", client_pk=logiciel.pk)
    assert client.post(page, {"portees": ["offres:read"]}).status_code == 302
    assert client.post(_url(societe, "entreprises:revoquer_client_api", client_pk=logiciel.pk)).status_code == 302
    logiciel.refresh_from_db()
    assert logiciel.portees == ["offres:read"] and not logiciel.actif and logiciel.secret_renouvele_le
