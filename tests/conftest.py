import pytest
from django.core.cache import cache

from francetravail.parametres.loader import charger_parametres


@pytest.fixture(autouse=True)
def _db_pour_tous(request):
    """Every test gets the database unless marked ``no_django_db`` (les-emplois' convention)."""
    if "no_django_db" in request.keywords or "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        return
    request.getfixturevalue("db")


@pytest.fixture(autouse=True)
def _cache_vide():
    """Rate limits and lockouts live in the (real, Redis) cache: start each test clean."""
    cache.delete_pattern("*")
    yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        charger_parametres()
