"""The Celery queue lives in Redis: it must survive a restart, and a task whose worker died
must come back within about its own time limit, not an hour later."""

import importlib.util
import subprocess
import time
from pathlib import Path

import pytest
import redis
import yaml
from django.conf import settings
from kombu import Connection

from francetravail.celery import app as celery_app
from tests.redis_prive import REDIS_SERVER, port_libre

RACINE = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.no_django_db


def _services():
    spec = importlib.util.spec_from_file_location("services", RACINE / "scripts" / "services.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _demarrer(commande, client):
    subprocess.run(commande, check=True, capture_output=True)
    limite = time.monotonic() + 15
    while True:
        try:
            if client.ping():
                return
        except redis.exceptions.RedisError:
            if time.monotonic() > limite:
                raise
        time.sleep(0.05)


def test_le_redis_du_projet_garde_la_file_celery_a_travers_un_redemarrage(tmp_path):
    port = port_libre()
    commande = _services().redis_command(
        REDIS_SERVER, port, directory=tmp_path, pidfile=tmp_path / "redis.pid", logfile=tmp_path / "redis.log"
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    _demarrer(commande, client)
    try:
        with Connection(url) as connexion:
            celery_app.send_task(
                "francetravail.pages.tasks.battement_worker", connection=connexion, queue="ft-test-persistance"
            )
        assert client.llen("ft-test-persistance") == 1
        client.shutdown()  # a restart of the machine, `make stop`, a crash after the last fsync

        _demarrer(commande, client)
        assert client.llen("ft-test-persistance") == 1
    finally:
        client.shutdown(nosave=True)


def test_docker_compose_donne_un_fichier_d_ajout_et_un_volume_a_redis():
    compose = yaml.safe_load((RACINE / "docker-compose.yml").read_text())
    redis_ = compose["services"]["redis"]
    commande = redis_["command"]
    assert commande[commande.index("--appendonly") + 1] == "yes"
    assert any(volume.endswith(":/data") for volume in redis_["volumes"])


def test_le_delai_de_visibilite_couvre_la_tache_la_plus_longue_sans_la_depasser_de_beaucoup():
    """A message stays unacknowledged (acks_late) while it waits behind the running task of its
    worker process (prefetch 1) and then runs: at most twice the longest hard time limit. A
    shorter visibility timeout would hand a running task to a second worker; a much longer one
    makes a task whose worker was killed wait that long before being delivered again. A task whose
    second delivery has no effect while it runs (the CAF/MSA import holds an advisory lock) may run
    longer; it says so with ``relivraison_sans_effet``."""
    celery_app.loader.import_default_modules()
    limites = [
        tache.time_limit or settings.CELERY_TASK_TIME_LIMIT
        for nom, tache in celery_app.tasks.items()
        if not nom.startswith("celery.") and not getattr(tache, "relivraison_sans_effet", False)
    ]
    plus_longue = max(limites)
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    visibilite = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert 2 * plus_longue < visibilite <= 2 * plus_longue + 120
