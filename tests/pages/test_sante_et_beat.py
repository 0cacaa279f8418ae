import contextlib
import time

from django.conf import settings
from django_redis import get_redis_connection

from francetravail.beat import BEAT_SCHEDULE
from francetravail.celery import app as celery_app
from francetravail.pages.tasks import battement_worker


def test_healthz_rapporte_base_redis_et_worker(client):
    get_redis_connection("default").delete(settings.WORKER_HEARTBEAT_KEY)
    body = client.get("/healthz").json()
    assert body["database"]["ok"]
    assert body["redis"]["ok"]
    assert body["worker"] == {"ok": False, "detail": "aucun battement"}
    assert body["status"] == "degraded"

    battement_worker()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_signale_un_battement_trop_ancien(client):
    vieux = time.time() - settings.WORKER_HEARTBEAT_MAX_AGE - 1
    get_redis_connection("default").set(settings.WORKER_HEARTBEAT_KEY, str(vieux))
    assert client.get("/healthz").json()["worker"]["ok"] is False
    recent = time.time() - settings.WORKER_HEARTBEAT_MAX_AGE + 5
    get_redis_connection("default").set(settings.WORKER_HEARTBEAT_KEY, str(recent))
    assert client.get("/healthz").json()["worker"]["ok"] is True


def test_healthz_est_degrade_mais_repond_200_quand_redis_est_injoignable(client, settings):
    """Redis down takes no page down (tests/test_redis_indisponible.py): the probe says degraded, not down."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"},
    }
    caches._settings = caches.settings = settings.CACHES
    with contextlib.suppress(AttributeError, KeyError):
        del caches["default"]
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"]["ok"] is True
    assert body["redis"]["ok"] is False
    assert body["worker"] == {"ok": False, "detail": "inconnu : Redis injoignable"}


def test_chaque_tache_planifiee_existe_et_a_un_rythme():
    celery_app.loader.import_default_modules()
    for name, entry in BEAT_SCHEDULE.items():
        assert entry["task"] in celery_app.tasks, f"{name} : tâche inconnue {entry['task']}"
        assert entry["schedule"], name
    assert celery_app.conf.beat_schedule == BEAT_SCHEDULE


def test_la_purge_des_sessions_garde_celles_qui_courent_encore():
    import datetime

    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from francetravail.comptes.tasks import purger_sessions_expirees

    def session(expire_dans):
        store = SessionStore()
        store["x"] = 1
        store.create()
        Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() + expire_dans)
        return store.session_key

    expiree = session(datetime.timedelta(seconds=-1))
    en_cours = session(datetime.timedelta(seconds=30))
    assert purger_sessions_expirees() >= 1
    assert not Session.objects.filter(pk=expiree).exists()
    assert Session.objects.filter(pk=en_cours).exists()


def test_les_balayages_de_relance_sont_planifies():
    # Imports and documents whose task message was lost are re-driven (francetravail/base/relances.py,
    # inscription/import_caf.py): their sweeps run at least every quarter of an hour.
    celery_app.loader.import_default_modules()
    for nom, tache in (
        ("inscription-balayer-imports", "inscription.balayer_imports"),
        ("documents-relancer", "francetravail.base.relances.relancer_documents"),
    ):
        entree = BEAT_SCHEDULE[nom]
        assert entree["task"] == tache and tache in celery_app.tasks
        assert len(entree["schedule"].minute) >= 4, nom


def test_les_radiations_s_appliquent_et_les_inscriptions_rouvrent_chaque_heure():
    # A radiation decided to start later ceases the registration on its first day, and a ceased registration
    # reopens the day after the radiation's last day (C. trav. R5412-5): counted in days, swept every hour so
    # that a worker down at night delays a reopening by an hour, not a day; the radiations before the reopening.
    celery_app.loader.import_default_modules()
    appliquer = BEAT_SCHEDULE["sanctions-appliquer-radiations"]
    rouvrir = BEAT_SCHEDULE["inscription-rouvrir-inscriptions"]
    assert appliquer["task"] == "sanctions.tasks.appliquer_radiations" and appliquer["task"] in celery_app.tasks
    assert rouvrir["task"] == "inscription.rouvrir_inscriptions" and rouvrir["task"] in celery_app.tasks
    for entree in (appliquer, rouvrir):
        assert len(entree["schedule"].hour) == 24 and len(entree["schedule"].minute) == 1
    assert min(appliquer["schedule"].minute) < min(rouvrir["schedule"].minute)
