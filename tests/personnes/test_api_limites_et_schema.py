"""The API's request limits (real Redis cache) and its published schema (nullable fields, error answers)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import OrganisationFactory, professionnel

LISTE = reverse("v1:personne-list")
SCHEMA = reverse("api-schema")


@pytest.fixture
def limites(settings):
    """Small rates for the test. They are read at each request, so a settings override is seen."""

    def fixer(user=None, anon=None):
        taux = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
        taux.update({k: v for k, v in {"user": user, "anon": anon}.items() if v})
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": taux}

    return fixer


def test_les_limites_sont_actives_par_defaut():
    from rest_framework.settings import api_settings

    classes = [c.__name__ for c in api_settings.DEFAULT_THROTTLE_CLASSES]
    assert classes == ["LimiteParUtilisateur", "LimiteParClientAnonyme", "LimiteParClient"]
    assert set(api_settings.DEFAULT_THROTTLE_RATES) >= {"user", "anon", "client"}


def test_un_utilisateur_a_droit_a_n_requetes_puis_429_en_francais(limites):
    limites(user="3/min")
    conseiller, autre = professionnel(OrganisationFactory()), professionnel(OrganisationFactory())
    client = APIClient()
    client.force_login(conseiller)
    for _ in range(3):  # N requests: all answered
        assert client.get(LISTE).status_code == 200

    response = client.get(LISTE)  # N + 1: refused

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    probleme = response.json()
    assert probleme["status"] == 429
    assert probleme["title"] == "Trop de requêtes"
    # The limit is per user: another user of the same address is still served.
    client.force_login(autre)
    assert client.get(LISTE).status_code == 200


def test_un_client_anonyme_est_limite_par_son_adresse_ip(limites):
    limites(anon="2/min")
    client = APIClient()
    for _ in range(2):
        assert client.get(SCHEMA).status_code == 200
    # A forged X-Forwarded-For does not make a new client (no proxy is trusted by default).
    response = client.get(SCHEMA, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert response.status_code == 429
    # Another address is another client.
    assert client.get(SCHEMA, REMOTE_ADDR="127.0.0.2").status_code == 200


def _schema():
    response = APIClient().get(SCHEMA, {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_le_schema_declare_les_champs_nullables():
    proprietes = _schema()["components"]["schemas"]["Personne"]["properties"]
    assert proprietes["commune"].get("nullable") is True
    assert proprietes["organisme_referent"].get("nullable") is True
    assert not proprietes["email"].get("nullable")


@pytest.mark.parametrize(
    ("chemin", "methode", "codes"),
    [
        # 401 (no token, expired token) and 400 (a malformed id or filter) on every operation, 415 where a body
        # is read (francetravail/api_schema.py documents them once for all).
        ("/api/v1/personnes/", "get", {"200", "400", "401", "403", "404", "429"}),
        ("/api/v1/personnes/{id}/", "get", {"200", "400", "401", "403", "404", "429"}),
        ("/api/v1/personnes/{id}/", "patch", {"200", "400", "401", "403", "404", "415", "429"}),
    ],
)
def test_le_schema_declare_les_reponses_d_erreur(chemin, methode, codes):
    schema = _schema()
    operation = schema["paths"][chemin][methode]
    assert set(operation["responses"]) == codes
    for code in codes - {"200"}:
        reponse = operation["responses"][code]
        assert reponse["description"]  # in French, says when it happens
        assert reponse["content"]["application/problem+json"]["schema"]["$ref"].endswith("/Probleme")
    probleme = schema["components"]["schemas"]["Probleme"]
    assert {"type", "title", "status", "detail"} <= set(probleme["properties"])


def test_le_schema_ne_propose_pas_put():
    assert "put" not in _schema()["paths"]["/api/v1/personnes/{id}/"]
