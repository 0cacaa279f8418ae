"""The shared cache with Redis down (francetravail/comptes/cache_redis.py), against a real
redis-server of each test (tests/redis_prive.py) that the test stops and starts again."""

import logging
import time

import pytest
from allauth.core import ratelimit

from tests.redis_prive import RedisPrive

pytestmark = pytest.mark.no_django_db

PAUSE = 0.3
COPIE = "reseau:contexte-pro:v2:7"  # a professional's memberships: fail open
LIMITE = "allauth:rl:test"  # a rate limit: fail safe


@pytest.fixture
def redis_prive(tmp_path):
    serveur = RedisPrive(tmp_path / "redis")
    serveur.dossier.mkdir()
    serveur.demarrer()
    try:
        yield serveur
    finally:
        serveur.arreter()


@pytest.fixture
def cache(redis_prive, settings):
    """The project's default cache, pointed at this test's Redis (a short pause after a failure)."""
    defaut = settings.CACHES["default"]
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            **defaut,
            "LOCATION": redis_prive.url,
            "OPTIONS": {**defaut["OPTIONS"], "PAUSE_APRES_PANNE": PAUSE},
        },
    }
    from django.core.cache import cache

    return cache


def _attendre_la_pause():
    time.sleep(PAUSE + 0.1)


@pytest.mark.parametrize("redis_arrete", [False, True], ids=["redis-en-marche", "redis-arrete"])
def test_les_limites_de_connexion_tiennent_avec_ou_sans_redis(cache, redis_prive, rf, redis_arrete):
    if redis_arrete:
        redis_prive.arreter()
    requete = rf.post("/comptes/login/")
    # ACCOUNT_RATE_LIMITS["login_failed"]: 5 failures per account in 15 minutes; the sixth is refused.
    essais = [ratelimit.consume(requete, action="login_failed", key="cible@exemple.fr") for _ in range(6)]
    assert essais == [True] * 5 + [False]
    # Another account is not affected.
    assert ratelimit.consume(requete, action="login_failed", key="autre@exemple.fr")


def test_un_code_totp_ne_sert_qu_une_fois_sans_redis(cache, redis_prive):
    redis_prive.arreter()
    marque = "allauth.mfa.totp.used?user=1&code=123456"  # allauth's used-code marker
    assert cache.add(marque, "y", timeout=90) is True
    assert cache.add(marque, "y", timeout=90) is False


def test_sans_redis_les_limites_sont_gardees_en_memoire_et_les_copies_lues_en_base(cache, redis_prive):
    redis_prive.arreter()
    cache.set(LIMITE, [1.0, 2.0])
    cache.set(COPIE, [(1, "conseiller", "59", "agence")])
    assert cache.get(LIMITE) == [1.0, 2.0]
    # Not kept anywhere: another process could not invalidate this copy.
    assert cache.get(COPIE) is None
    assert cache.get(COPIE, "absent") == "absent"
    assert cache.get_many([COPIE]) == {}
    assert cache.has_key(COPIE) is False


def test_une_invalidation_pendant_la_panne_est_rattrapee_au_retour(cache, redis_prive):
    cache.set(COPIE, "avant la panne", timeout=300)
    redis_prive.arreter()
    cache.delete_many([COPIE])  # e.g. a role revoked while Redis is down

    redis_prive.demarrer()  # its append-only file brings the old copy back
    assert redis_prive.client().exists(cache.make_key(COPIE)) == 1
    _attendre_la_pause()
    assert cache.get(COPIE) is None  # the deletion is replayed before anything is read
    assert redis_prive.client().exists(cache.make_key(COPIE)) == 0


def test_de_retour_redis_fait_foi_et_la_memoire_de_la_panne_est_oubliee(cache, redis_prive):
    redis_prive.arreter()
    cache.set(LIMITE, "pendant la panne")
    redis_prive.demarrer()
    _attendre_la_pause()
    assert cache.get(LIMITE) is None
    cache.set(LIMITE, "dans Redis")
    assert redis_prive.client().exists(cache.make_key(LIMITE)) == 1
    assert cache.get(LIMITE) == "dans Redis"


def test_une_alerte_par_panne_et_pas_d_attente_a_chaque_appel(cache, redis_prive, caplog):
    caplog.set_level(logging.WARNING, logger="francetravail.comptes.cache_redis")
    redis_prive.arreter()
    cache.get(LIMITE)  # the first call pays the connection attempt
    debut = time.monotonic()
    for _ in range(200):
        cache.get(LIMITE)
        cache.set(LIMITE, 1)
    assert time.monotonic() - debut < 0.5  # no connection attempt during the pause
    assert [r.getMessage()[:17] for r in caplog.records] == ["Redis injoignable"]

    _attendre_la_pause()
    cache.get(LIMITE)  # still down: tried again, no new alert
    assert len(caplog.records) == 1, [(r.name, r.getMessage()) for r in caplog.records]

    redis_prive.demarrer()
    _attendre_la_pause()
    assert cache.get(LIMITE) is None
    assert caplog.records[-1].getMessage().startswith("Redis de nouveau joignable")
