"""The booking page of an invitation's link under 50 concurrent clients (issue 19): ``/rdv/<jeton>/`` once the
identity check has passed, the page of the free slots, served by the production server.

- Server: gunicorn as the Dockerfile's ``CMD`` runs it, production settings (DEBUG off), its own database (a
  copy of the migrated test database) and Redis prefix: the load benchmark's set-up (``test_charge.py``:
  ``base_charge`` and the same environment), seeded by ``reservation_donnees.py``.
- Clients: 50 people without an account, each with their own link (a bulk invitation of 2 050 people). Each
  opens the link, gives their birth date (the real form, CSRF included), lands on the slots page, then asks
  for it again every second (``attente``) for ``BENCH_RESERVATION_SECONDS`` (30); then the saturation
  figure: the same clients without waiting for ``BENCH_RESERVATION_SATURATION_SECONDS`` (10).

Figures: ``booking_p95_ms`` (and its p50, the error count, the requests), ``booking_max_rps`` and the
saturation's p95. Errors must be 0. Client and server share the machine's two cores.
Run alone: ``TEST_SUFFIX=bench .venv/bin/pytest tests/benchmarks/test_reservation_charge.py -p no:xdist -s -q``.
"""

import asyncio
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.urls import reverse

from tests.benchmarks import charge_client
from tests.benchmarks.conftest import bench
from tests.benchmarks.test_charge import base_charge  # noqa: F401 -- the load benchmark's database (a fixture)

pytestmark = pytest.mark.no_django_db

SECONDES = float(os.environ.get("BENCH_RESERVATION_SECONDS", "30"))
SECONDES_SATURATION = float(os.environ.get("BENCH_RESERVATION_SATURATION_SECONDS", "10"))
ATTENTE = 1.0
HOTE = "127.0.0.1"
REPERE = "Choisir ce créneau"  # a slot listed on the slots page


def _port_libre():
    with socket.socket() as s:
        s.bind((HOTE, 0))
        return s.getsockname()[1]


def _commande_gunicorn(port):
    """The Dockerfile's CMD, bound to 127.0.0.1:port."""
    ligne = next(
        ligne
        for ligne in (Path(settings.BASE_DIR) / "Dockerfile").read_text().splitlines()
        if ligne.startswith("CMD ")
    )
    commande = json.loads(ligne.removeprefix("CMD "))
    commande[commande.index("--bind") + 1] = f"{HOTE}:{port}"
    return [str(Path(sys.executable).with_name("gunicorn")), *commande[1:]]


@pytest.fixture
def environnement(base_charge, tmp_path):  # noqa: F811 -- the fixture imported above
    prefixe = f"ft-bench-reservation-{secrets.token_hex(4)}"
    (tmp_path / "static").mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings_charge",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": base_charge,
        "REDIS_URL": settings.REDIS_URL,
        "CACHE_KEY_PREFIX": prefixe,
        # Nothing on these pages sends a task; one sent anyway must not reach another session's worker.
        "CELERY_BROKER_URL": "memory://",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        # 50 identity checks from 127.0.0.1 within a minute: the production limit per address (30/m) would
        # refuse the 31st. Each invitation keeps its own lock after failed checks.
        "INVITATION_VERIFICATION_RATE_LIMIT": "1000/m/ip",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    try:
        yield env
    finally:
        client = redis.Redis.from_url(settings.REDIS_URL)
        for cle in client.scan_iter(f"{prefixe}:*", count=1000):
            client.delete(cle)


@pytest.fixture
def donnees(environnement):
    debut = time.perf_counter()
    sortie = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.reservation_donnees"],
        env=environnement,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert sortie.returncode == 0, sortie.stderr[-5000:]
    bench("booking_seed_s", round(time.perf_counter() - debut, 1), "s")
    return json.loads(sortie.stdout.strip().splitlines()[-1])


@pytest.fixture
def serveur(environnement, donnees, tmp_path):
    port = _port_libre()
    journal = tmp_path / "gunicorn.log"
    with journal.open("w") as sortie:
        processus = subprocess.Popen(
            _commande_gunicorn(port),
            env=environnement,
            cwd=settings.BASE_DIR,
            stdout=sortie,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        limite = time.monotonic() + 120
        while True:
            if processus.poll() is not None:
                raise AssertionError("gunicorn s'est arrêté :\n" + journal.read_text()[-3000:])
            try:
                with socket.create_connection((HOTE, port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > limite:
                    raise AssertionError("gunicorn n'écoute pas :\n" + journal.read_text()[-3000:]) from None
                time.sleep(0.2)
        yield port
    finally:
        processus.send_signal(signal.SIGTERM)
        try:
            processus.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(processus.pid, signal.SIGKILL)
            processus.wait()
        texte = journal.read_text()
        if "Traceback" in texte or " ERROR " in texte:
            print(texte[-5000:])


async def _verifier(navigateur, client):
    """The person opens their link and gives their birth date; returns the slots page's path."""
    chemin = reverse("invitations:lien", kwargs={"jeton": client["jeton"]})
    page = await navigateur.get(chemin)
    assert page.statut == 200, page.statut
    jour, mois, annee = client["naissance"]
    reponse = await navigateur.post(
        chemin, {"csrfmiddlewaretoken": page.jeton_csrf(), "jour": jour, "mois": mois, "annee": annee}
    )
    assert reponse.statut == 302, (reponse.statut, reponse.corps[:2000])
    suite = reponse.entete("location")
    creneaux = await navigateur.get(suite)
    assert creneaux.statut == 200 and REPERE.encode() in creneaux.corps, (creneaux.statut, creneaux.corps[:2000])
    return suite


async def _preparer(port, donnees):
    parallele = asyncio.Semaphore(5)

    async def un(client):
        async with parallele:
            navigateur = charge_client.Navigateur(HOTE, port)
            return navigateur, "booking", [await _verifier(navigateur, client)]

    return await asyncio.gather(*(un(client) for client in donnees["clients"]))


def _quantiles(mesures):
    durees = sorted(m.duree for m in mesures if m.ok)
    return statistics.quantiles(durees, n=100)[94] * 1000, statistics.median(durees) * 1000


def test_page_de_reservation_sous_50_clients(serveur, donnees):
    assert len(donnees["clients"]) == 50
    clients = asyncio.run(asyncio.wait_for(_preparer(serveur, donnees), 600))

    mesures, _ = asyncio.run(charge_client.charge(clients, secondes=SECONDES, attente=ATTENTE))
    saturation, duree = asyncio.run(charge_client.charge(clients, secondes=SECONDES_SATURATION, attente=0))

    erreurs = sum(not m.ok for m in mesures)
    erreurs_saturation = sum(not m.ok for m in saturation)
    p95, p50 = _quantiles(mesures)
    p95_saturation, _p50 = _quantiles(saturation)
    bench("booking_requests", len(mesures), "requests")
    bench("booking_p50_ms", round(p50), "ms")
    bench("booking_p95_ms", round(p95), "ms")
    bench("booking_errors", erreurs, "errors")
    bench("booking_max_rps", round(sum(m.ok for m in saturation) / duree, 1), "req/s")
    bench("booking_saturation_p95_ms", round(p95_saturation), "ms")
    bench("booking_saturation_errors", erreurs_saturation, "errors")
    bench("booking_machine_loadavg", round(os.getloadavg()[0], 2), "load")
    assert erreurs == 0 and erreurs_saturation == 0
