"""The API's contract with partners' software: a client gets a token with its credentials, calls as its
organisation through the pages' gate, within its scopes; a revoked client or an expired token is refused."""

import base64
from datetime import timedelta

from django.urls import reverse
from pghistory.models import Events

from francetravail.audit.models import JournalAcces
from francetravail.partenaires.actions import creer_client
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.partenaires.factories import appelant, client_api, jeton

LISTE = reverse("v1:personne-list")


def _jeton_par_le_point_d_entree(client, client_id, secret, **donnees):
    identifiants = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return client.post(
        reverse("api-jeton"),
        {"grant_type": "client_credentials", **donnees},
        HTTP_AUTHORIZATION=f"Basic {identifiants}",
    )


def test_identifiants_jeton_puis_lecture_journalisee_au_nom_du_client(client):
    agence = OrganisationFactory()
    suivie = PersonneFactory(organisme_referent=agence)
    PersonneFactory()  # another organisation's: not listed
    admin = professionnel(agence, role=Role.ADMIN_ORGANISATION)
    logiciel, secret = creer_client(
        agence, nom="Logiciel RSA", role=Role.CONSEILLER, portees=["personnes:read"], acting_user=admin
    )

    reponse = _jeton_par_le_point_d_entree(client, logiciel.application.client_id, secret)
    assert reponse.status_code == 200, reponse.content
    corps = reponse.json()
    assert corps["scope"] == "personnes:read"

    lecture = client.get(LISTE, HTTP_AUTHORIZATION=f"Bearer {corps['access_token']}")

    assert lecture.status_code == 200
    assert [p["id"] for p in lecture.json()["results"]] == [suivie.pk]
    ligne = JournalAcces.objects.get(personne=suivie)
    assert (ligne.user_id, ligne.organisation_id, ligne.canal) == (logiciel.compte_id, agence.pk, "api")


def test_un_mauvais_secret_ne_donne_pas_de_jeton(client):
    logiciel = client_api()
    reponse = _jeton_par_le_point_d_entree(client, logiciel.application.client_id, "pas-le-secret")
    assert reponse.status_code == 401


def test_une_portee_que_le_client_n_a_pas_n_est_pas_donnee(client):
    agence = OrganisationFactory()
    admin = professionnel(agence, role=Role.ADMIN_ORGANISATION)
    logiciel, secret = creer_client(
        agence, nom="Logiciel", role=Role.CONSEILLER, portees=["personnes:read"], acting_user=admin
    )
    reponse = _jeton_par_le_point_d_entree(client, logiciel.application.client_id, secret, scope="contrats:read")
    assert reponse.status_code == 400
    assert reponse.json()["error"] == "invalid_scope"


def test_sans_la_portee_403_avec_la_portee_200():
    logiciel = client_api(portees=["personnes:read", "contrats:read"])
    assert appelant(logiciel, portees=["contrats:read"]).get(LISTE).status_code == 403
    assert appelant(logiciel, portees=["personnes:read"]).get(LISTE).status_code == 200


def test_jeton_expire_refuse_jeton_valide_accepte():
    logiciel = client_api()
    assert appelant(logiciel, expire_dans=timedelta(seconds=-1)).get(LISTE).status_code == 401
    assert appelant(logiciel, expire_dans=timedelta(seconds=60)).get(LISTE).status_code == 200


def test_le_jeton_ne_passe_que_par_l_en_tete_authorization(client):
    logiciel = client_api()
    valeur = jeton(logiciel)
    assert client.get(LISTE, {"access_token": valeur}).status_code == 401  # a URL ends up in logs
    assert client.post(LISTE, {"access_token": valeur}).status_code == 401
    assert client.get(LISTE, HTTP_AUTHORIZATION=f"Bearer {valeur}").status_code == 200


def test_une_ecriture_par_l_api_est_attribuee_au_logiciel_dans_l_historique():
    agence = OrganisationFactory()
    suivie = PersonneFactory(organisme_referent=agence, telephone="0612345678")
    logiciel = client_api(agence)

    reponse = appelant(logiciel).patch(
        reverse("v1:personne-detail", kwargs={"pk": suivie.pk}), {"telephone": "0698765432"}, format="json"
    )

    assert reponse.status_code == 200, reponse.content
    # The test's transaction gives every event the same timestamp: the change is found by its data.
    (evenement,) = [e for e in Events.objects.tracks(suivie) if e.pgh_data.get("telephone") == "0698765432"]
    assert evenement.pgh_context["user"] == logiciel.compte_id
