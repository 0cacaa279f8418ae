"""Load on the production server: 50 logged-in users on the two most read pages (issue 14).

- Server: gunicorn exactly as the Dockerfile's ``CMD`` runs it (read from the Dockerfile,
  only bound to 127.0.0.1 on a free port), production settings with DEBUG off
  (tests/benchmarks/settings_charge.py says the one difference and why), its own
  database (a copy of the migrated test database, seeded by charge_donnees.py, dropped
  at the end), its own Redis key prefix (deleted at the end), an in-memory broker
  (nothing these pages do sends a task; a task sent anyway must not reach another
  session's worker on the shared Redis).
- Users: 25 conseillers, each on the person page (``backoffice:fiche_personne``) of the
  people of their portfolio in turn, and 25 people on their home page
  (``personnes:espace``). Each logs in through the real login (allauth's form, then the
  TOTP step for professionals) and keeps its own session.
- Load: every user requests, waits 1 s after the answer, requests again, for
  ``BENCH_CHARGE_SECONDS`` (30). Then the saturation figure: the same users without
  waiting for ``BENCH_CHARGE_SATURATION_SECONDS`` (10).

Targets: p95 < 300 ms on both pages, 0 % errors. Client and server share the machine;
the CPU time per request of the gunicorn workers, of their PostgreSQL backends and of the
client (``load_*_cpu_ms_per_request``) and the machine's load average tell what the
latencies owe to the code and what to the other processes of the machine.
Run alone: ``TEST_SUFFIX=charge .venv/bin/pytest tests/benchmarks/test_charge.py -p no:xdist -s -q``.
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
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings
from django.db import connection, connections
from django.urls import reverse

from tests.benchmarks import charge_client
from tests.benchmarks.conftest import bench

pytestmark = pytest.mark.no_django_db

SECONDES = float(os.environ.get("BENCH_CHARGE_SECONDS", "30"))
SECONDES_SATURATION = float(os.environ.get("BENCH_CHARGE_SATURATION_SECONDS", "10"))
ATTENTE = 1.0
CIBLE_P95_MS = 300
HOTE = "127.0.0.1"


def _commande_gunicorn(port):
    """The Dockerfile's CMD, bound to 127.0.0.1:port: the benchmark measures what is deployed."""
    ligne = next(
        ligne
        for ligne in (Path(settings.BASE_DIR) / "Dockerfile").read_text().splitlines()
        if ligne.startswith("CMD ")
    )
    commande = json.loads(ligne.removeprefix("CMD "))
    assert commande[0] == "gunicorn", commande
    commande[commande.index("--bind") + 1] = f"{HOTE}:{port}"
    return [str(Path(sys.executable).with_name("gunicorn")), *commande[1:]]


def _port_libre():
    with socket.socket() as s:
        s.bind((HOTE, 0))
        return s.getsockname()[1]


def _sql_hors_base(*instructions):
    """Runs statements on the server's maintenance database (CREATE/DROP DATABASE need autocommit)."""
    base = connection.settings_dict
    with psycopg.connect(
        host=base["HOST"],
        port=base["PORT"] or 5432,
        user=base["USER"],
        password=base["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as cnx:
        for instruction in instructions:
            cnx.execute(instruction)


@pytest.fixture
def base_charge(base_validee):
    """A database of the run: a copy of the migrated test database (seconds, rather than a minute
    of migrations), or an empty one the seeding migrates when the test database is in use.

    ``base_validee`` only gives the (migrated) test database: nothing is written to it."""
    modele = connection.settings_dict["NAME"]
    assert modele.startswith("test_"), modele
    nom = f"{modele}_bench_charge"
    connections.close_all()
    _sql_hors_base(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')
    try:
        _sql_hors_base(f'CREATE DATABASE "{nom}" TEMPLATE "{modele}"')
    except psycopg.errors.ObjectInUse:
        _sql_hors_base(f'CREATE DATABASE "{nom}"')
    base = connection.settings_dict
    try:
        yield f"postgres://{base['USER']}:{base['PASSWORD'] or ''}@{base['HOST']}:{base['PORT']}/{nom}"
    finally:
        _sql_hors_base(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')


@pytest.fixture
def environnement(base_charge, tmp_path):
    prefixe = f"ft-bench-charge-{secrets.token_hex(4)}"
    (tmp_path / "static").mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings_charge",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": base_charge,
        "REDIS_URL": settings.REDIS_URL,
        "CACHE_KEY_PREFIX": prefixe,
        "CELERY_BROKER_URL": "memory://",
        # Plain http on 127.0.0.1: no TLS proxy in front of this server.
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        # 50 logins from 127.0.0.1 within a minute: the production limit (30/m/ip) would
        # throttle the 31st. Failed logins keep their production limits.
        "LOGIN_RATE_LIMIT": "1000/m/ip",
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
        [sys.executable, "-m", "tests.benchmarks.charge_donnees"],
        env=environnement,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert sortie.returncode == 0, sortie.stderr[-5000:]
    bench("load_seed_s", round(time.perf_counter() - debut, 1), "s")
    return json.loads(sortie.stdout.strip().splitlines()[-1])


@dataclass
class Serveur:
    port: int
    processus: subprocess.Popen
    base: str

    def pids(self, cnx):
        """The gunicorn workers, and the database backends of the run (one per worker, replaced
        every CONN_MAX_AGE seconds)."""
        enfants = Path(f"/proc/{self.processus.pid}/task/{self.processus.pid}/children").read_text().split()
        backends = cnx.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
        return [int(pid) for pid in enfants], [pid for (pid,) in backends]


def _cpu_s(pids):
    """CPU seconds (user + system) used so far by each of these processes still running, from /proc."""
    secondes = {}
    for pid in pids:
        try:
            champs = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except FileNotFoundError:
            continue
        secondes[pid] = (int(champs[11]) + int(champs[12])) / os.sysconf("SC_CLK_TCK")
    return secondes


@pytest.fixture
def serveur(environnement, donnees, base_charge, tmp_path):
    port = _port_libre()
    journal = tmp_path / "gunicorn.log"
    commande = _commande_gunicorn(port) + os.environ.get("BENCH_CHARGE_GUNICORN", "").split()
    print("\nserveur :", " ".join(commande[1:]))
    with journal.open("w") as sortie:
        processus = subprocess.Popen(
            commande,
            env=environnement,
            cwd=settings.BASE_DIR,
            stdout=sortie,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _attendre_pret(port, processus, journal)
        yield Serveur(port, processus, base_charge)
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


def _attendre_pret(port, processus, journal, timeout=120):
    limite = time.monotonic() + timeout
    while time.monotonic() < limite:
        if processus.poll() is not None:
            raise AssertionError("gunicorn s'est arrêté :\n" + journal.read_text()[-3000:])
        try:
            with socket.create_connection((HOTE, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn n'écoute pas :\n" + journal.read_text()[-3000:])


def _p95_ms(mesures, page):
    durees = sorted(m.duree for m in mesures if m.page == page)
    return statistics.quantiles(durees, n=100)[94] * 1000, statistics.median(durees) * 1000, len(durees)


class Compteur:
    """Where the CPU goes during a phase: gunicorn workers, their PostgreSQL backends, this client.

    The processes are read every 0.2 s in a thread: a backend that ends during the phase
    (its connection reached CONN_MAX_AGE) counts up to its last reading, one that starts
    counts from zero. This client's CPU is its own process's (the thread's share included).
    """

    def __init__(self, serveur):
        self.serveur = serveur
        self.premiers, self.derniers = ({}, {}), ({}, {})
        self.arret = threading.Event()

    def _lire(self, cnx):
        workers, backends = self.serveur.pids(cnx)
        for pids, premiers, derniers in zip((workers, backends), self.premiers, self.derniers, strict=True):
            for pid, secondes in _cpu_s(pids).items():
                # Running when the phase starts: counts from there; started later: from zero.
                premiers.setdefault(pid, 0 if self.demarre else secondes)
                derniers[pid] = secondes

    def _boucle(self):
        with psycopg.connect(self.serveur.base, autocommit=True) as cnx:
            self._lire(cnx)
            self.demarre = True
            self.pret.set()
            while not self.arret.wait(0.2):
                self._lire(cnx)
            self._lire(cnx)

    def __enter__(self):
        self.demarre, self.pret = False, threading.Event()
        self.fil = threading.Thread(target=self._boucle, daemon=True)
        self.fil.start()
        self.pret.wait(10)
        self.client = time.process_time()
        return self

    def __exit__(self, *exc):
        self.client_s = time.process_time() - self.client
        self.arret.set()
        self.fil.join(10)
        self.serveur_s, self.base_s = (
            sum(derniers[pid] - premiers[pid] for pid in derniers)
            for premiers, derniers in zip(self.premiers, self.derniers, strict=True)
        )

    def afficher(self, prefixe, requetes):
        for nom, secondes in (("server", self.serveur_s), ("db", self.base_s), ("client", self.client_s)):
            bench(f"{prefixe}_{nom}_cpu_ms_per_request", round(1000 * secondes / requetes, 2), "ms")


async def _connecter_tous(serveur, donnees):
    mot_de_passe, secret = donnees["mot_de_passe"], donnees["secret_totp"]
    utilisateurs = []
    for conseiller in donnees["conseillers"]:
        chemins = [reverse("backoffice:fiche_personne", args=[pk]) for pk in conseiller["portefeuille"]]
        utilisateurs.append(
            (charge_client.Navigateur(HOTE, serveur.port), "person_page", chemins, conseiller["email"])
        )
    for personne in donnees["personnes"]:
        chemins = [reverse("personnes:espace")]
        utilisateurs.append((charge_client.Navigateur(HOTE, serveur.port), "home", chemins, personne["email"]))

    # Logins a few at a time (a morning, not a stampede), then a few requests each: every
    # session must open its pages (and every worker has rendered each page once).
    parallele = asyncio.Semaphore(5)

    async def connecter(navigateur, email):
        async with parallele:
            return await charge_client.connecter(navigateur, email, mot_de_passe, secret)

    debut = time.perf_counter()
    await asyncio.gather(*(connecter(nav, email) for nav, _, _, email in utilisateurs))
    bench("load_logins_s", round(time.perf_counter() - debut, 1), "s")
    for navigateur, page, chemins, email in utilisateurs:
        for chemin in chemins[:3]:
            reponse = await navigateur.get(chemin)
            assert reponse.statut == 200, f"{email} {chemin} : {reponse.statut} {reponse.entete('location')}"
            assert page != "home" or b"Bonjour Marie" in reponse.corps, email
    return [(nav, page, chemins) for nav, page, chemins, _ in utilisateurs]


def _lectures_journalisees(serveur):
    with psycopg.connect(serveur.base) as cnx:
        return cnx.execute("SELECT count(*) FROM audit_journalacces WHERE partie = 'synthese'").fetchone()[0]


def test_charge_50_utilisateurs(serveur, donnees):
    profils = asyncio.run(asyncio.wait_for(_connecter_tous(serveur, donnees), 600))
    journal_avant = _lectures_journalisees(serveur)

    with Compteur(serveur) as cpu:
        mesures, _ = asyncio.run(charge_client.charge(profils, secondes=SECONDES, attente=ATTENTE))
    with Compteur(serveur) as cpu_saturation:
        saturation, duree = asyncio.run(charge_client.charge(profils, secondes=SECONDES_SATURATION, attente=0))

    p95_fiche, p50_fiche, n_fiche = _p95_ms(mesures, "person_page")
    p95_espace, p50_espace, n_espace = _p95_ms(mesures, "home")
    erreurs = 100 * sum(not m.ok for m in mesures) / len(mesures)
    max_rps = sum(m.ok for m in saturation) / duree
    erreurs_saturation = 100 * sum(not m.ok for m in saturation) / len(saturation)

    bench("load_requests", len(mesures), "requests")
    bench("load_rps", round(len(mesures) / SECONDES, 1), "req/s")
    bench("load_p50_person_page_ms", round(p50_fiche), "ms")
    bench("load_p50_home_ms", round(p50_espace), "ms")
    bench("load_p95_person_page_ms", round(p95_fiche), "ms")
    bench("load_p95_home_ms", round(p95_espace), "ms")
    bench("load_errors_pct", round(erreurs, 2), "%")
    cpu.afficher("load", len(mesures))
    bench("load_max_rps", round(max_rps, 1), "req/s")
    bench("load_max_rps_errors_pct", round(erreurs_saturation, 2), "%")
    cpu_saturation.afficher("load_max", len(saturation))
    # The machine is shared: what the others run shows here (1-minute load average, 2 cores).
    bench("load_machine_loadavg", round(os.getloadavg()[0], 2), "load")

    assert n_fiche and n_espace
    assert erreurs == 0 and erreurs_saturation == 0
    # Each person page answered did its whole work: one access-log row, committed.
    fiches = sum(m.ok and m.page == "person_page" for m in mesures + saturation)
    assert _lectures_journalisees(serveur) - journal_avant == fiches
    assert p95_fiche < CIBLE_P95_MS, f"fiche : p95 {p95_fiche:.0f} ms (cible < {CIBLE_P95_MS} ms)"
    assert p95_espace < CIBLE_P95_MS, f"espace : p95 {p95_espace:.0f} ms (cible < {CIBLE_P95_MS} ms)"
