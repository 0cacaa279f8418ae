"""Per-client rate limit (real Redis cache): N calls answered, the N + 1st a 429 problem+json with Retry-After."""

import pytest
from django.urls import reverse

from tests.partenaires.factories import appelant, client_api

LISTE = reverse("v1:personne-list")


@pytest.fixture
def limites(settings):
    def fixer(**taux_):
        taux = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]) | taux_
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": taux}

    return fixer


def test_la_limite_par_client_vient_des_reglages():
    from django.conf import settings
    from rest_framework.settings import api_settings

    assert "francetravail.api_limites.LimiteParClient" in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"]
    assert api_settings.DEFAULT_THROTTLE_RATES["client"] == "3000/hour"


def test_un_client_a_droit_a_n_requetes_puis_429(limites):
    # The per-account limit is lower: it does not count a client's calls (its own limit does).
    limites(client="3/min", user="1/min")
    logiciel, autre = client_api(), client_api()
    api = appelant(logiciel)
    for _ in range(3):
        assert api.get(LISTE).status_code == 200

    reponse = api.get(LISTE)

    assert reponse.status_code == 429
    assert reponse["Content-Type"] == "application/problem+json"
    assert int(reponse["Retry-After"]) > 0
    assert reponse.json()["title"] == "Trop de requêtes"
    # Another token of the same client is the same client; another client is served.
    assert appelant(logiciel).get(LISTE).status_code == 429
    assert appelant(autre).get(LISTE).status_code == 200
