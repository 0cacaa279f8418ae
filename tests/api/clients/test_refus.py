"""What a partner's software is refused, through the API: a revoked client (even with a token that
survived), an expired token, a scope it lacks, another organisation's person (the same 404 as an
unknown id), a role the pages refuse (the same refusal, nothing read)."""

import base64
from datetime import timedelta

from django.urls import reverse
from oauth2_provider.models import AccessToken

from francetravail.audit.models import JournalAcces
from francetravail.partenaires.actions import creer_client, revoquer_client
from francetravail.partenaires.models import ClientAPI
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.partenaires.factories import appelant, client_api, jeton

LISTE = reverse("v1:personne-list")


def _detail(pk):
    return reverse("v1:personne-detail", kwargs={"pk": pk})


def _jeton_par_le_point_d_entree(client, client_id, secret):
    identifiants = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return client.post(
        reverse("api-jeton"), {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=f"Basic {identifiants}"
    )


def test_client_revoque_refuse_meme_avec_un_jeton_encore_en_base(client):
    agence = OrganisationFactory()
    suivie = PersonneFactory(organisme_referent=agence)
    admin = professionnel(agence, role=Role.ADMIN_ORGANISATION)
    logiciel, secret = creer_client(
        agence, nom="Logiciel", role=Role.CONSEILLER, portees=["personnes:read"], acting_user=admin
    )
    revoquer_client(logiciel, acting_user=admin)
    survivant = jeton(ClientAPI.objects.get(pk=logiciel.pk))  # written after the revocation (a race)

    reponse = client.get(_detail(suivie.pk), HTTP_AUTHORIZATION=f"Bearer {survivant}")

    assert reponse.status_code == 401
    assert reponse["Content-Type"] == "application/problem+json"
    assert "révoqué" in reponse.json()["detail"]
    assert not JournalAcces.objects.exists()
    # Its credentials no longer give a token either.
    assert _jeton_par_le_point_d_entree(client, logiciel.application.client_id, secret).status_code in (400, 401)
    assert not AccessToken.objects.exclude(token=survivant).filter(application=logiciel.application).exists()


def test_jeton_expire_refuse_sans_rien_lire():
    agence = OrganisationFactory()
    suivie = PersonneFactory(organisme_referent=agence)
    logiciel = client_api(agence)
    reponse = appelant(logiciel, expire_dans=timedelta(seconds=-1)).get(_detail(suivie.pk))
    assert reponse.status_code == 401
    assert reponse.json()["title"] == "Authentification requise"
    assert not JournalAcces.objects.exists()


def test_portee_absente_403_sans_rien_lire():
    agence = OrganisationFactory()
    suivie = PersonneFactory(organisme_referent=agence)
    logiciel = client_api(agence, portees=["personnes:read", "rendezvous:read"])
    reponse = appelant(logiciel, portees=["rendezvous:read"]).get(_detail(suivie.pk))
    assert reponse.status_code == 403
    assert "personnes:read" in reponse.json()["detail"]
    assert not JournalAcces.objects.exists()
    # Nor may a token of the client carry a scope the client was not given.
    assert appelant(client_api(agence, portees=["rendezvous:read"])).get(_detail(suivie.pk)).status_code == 403


def test_la_personne_d_une_autre_organisation_est_la_meme_404_qu_un_id_inconnu():
    agence_a, agence_b = OrganisationFactory(), OrganisationFactory()
    de_b = PersonneFactory(organisme_referent=agence_b)
    api = appelant(client_api(agence_a))

    autre = api.get(_detail(de_b.pk))
    inconnue = api.get(_detail(de_b.pk + 100_000))

    assert autre.status_code == inconnue.status_code == 404
    assert autre.json() == inconnue.json()
    assert not JournalAcces.objects.exists()
    assert [p["id"] for p in api.get(LISTE).json()["results"]] == []


def test_un_role_que_les_pages_refusent_est_refuse_par_l_api(client):
    agence = OrganisationFactory()
    suivie = PersonneFactory(organisme_referent=agence)
    logiciel = client_api(agence, role=Role.ADMIN_ORGANISATION, portees=["personnes:read"])
    admin_humain = professionnel(agence, role=Role.ADMIN_ORGANISATION)
    client.force_login(admin_humain)
    assert client.get(reverse("backoffice:fiche_personne", kwargs={"pk": suivie.pk})).status_code == 404

    api = appelant(logiciel)
    assert api.get(LISTE).status_code in (403, 404)
    assert api.get(_detail(suivie.pk)).status_code in (403, 404)
    assert not JournalAcces.objects.exists()
