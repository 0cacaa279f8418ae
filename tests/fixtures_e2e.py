"""End-to-end fixtures shared by every test package: real SMTP, real Celery worker, real commits.

Registered for the whole suite by ``pytest_plugins = ["tests.fixtures_e2e"]`` in
``tests/conftest.py``. Typical use::

    pytestmark = [pytest.mark.e2e, pytest.mark.no_django_db]

    def test_x(base_validee, smtp_sink, celery_worker_reel):
        with transaction.atomic():
            ...  # really committed: on_commit runs, the worker sees the rows
        message = smtp_sink.wait_for(lambda m: m["To"] == "a@exemple.fr")

Why not ``transactional_db``: its teardown empties *every* table, including the
data loaded once per session (legal parameters, the COG loaded by a migration),
and pytest-django runs transactional tests before the others here (the ``db``
fixture is requested dynamically by tests/conftest.py), so every later test would
run on an empty reference base. ``base_validee`` commits for real but only deletes
the notifications the test created.
"""

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
from collections import Counter

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.db import connection
from django.db.models import Max

from francetravail.devtools.smtpsink import SmtpSink


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server (aiosmtpd) on a free port; Django's mail goes to it through the SMTP backend.

    ``smtp_sink.messages()`` lists what it received, ``smtp_sink.wait_for(predicate)`` waits for one.
    """
    sink = SmtpSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    try:
        yield sink
    finally:
        sink.stop()


@pytest.fixture
def base_validee(request, django_db_setup, django_db_blocker):
    """Database access without the test transaction: every write is really committed.

    Needed whenever another connection must see the test's rows (a Celery worker, a
    thread, a subprocess) or when ``transaction.on_commit`` must really run. The test
    must be marked ``no_django_db`` (otherwise tests/conftest.py wraps it in the usual
    rolled-back transaction). At teardown the notifications created by the test are
    deleted, and so are the audit events and access-log rows (other tests count them in their own
    transaction); delete any other row you commit yourself.
    """
    if "no_django_db" not in request.keywords:
        pytest.fail("base_validee demande le marqueur no_django_db (sinon le test tourne dans une transaction).")
    if not connection.settings_dict["NAME"].startswith("test_"):
        pytest.fail(
            f"base_validee refuse d'écrire dans la base {connection.settings_dict['NAME']!r} : pas une base de test."
        )
    from francetravail.audit.models import AuditEvent, JournalAcces
    from francetravail.notifications.models import Notification

    traces = (Notification, AuditEvent, JournalAcces)
    with django_db_blocker.unblock():
        assert not connection.in_atomic_block
        derniers = {modele: modele.objects.aggregate(m=Max("pk"))["m"] or 0 for modele in traces}
        try:
            yield
        finally:
            for modele, dernier in derniers.items():
                modele.objects.filter(pk__gt=dernier).delete()


class WorkerReel:
    """The running embedded worker, plus a way to wait for tasks to finish."""

    def __init__(self, worker):
        self.worker = worker
        self._terminees = Counter()
        self._condition = threading.Condition()

    def _on_task_postrun(self, sender=None, **kwargs):
        with self._condition:
            self._terminees[sender.name] += 1
            self._condition.notify_all()

    def terminees(self, nom):
        with self._condition:
            return self._terminees[nom]

    def attendre(self, nom, nombre, timeout=10):
        """Waits until ``nombre`` tasks named ``nom`` have finished (counted since the worker started)."""
        with self._condition:
            if not self._condition.wait_for(lambda: self._terminees[nom] >= nombre, timeout):
                raise TimeoutError(f"{self._terminees[nom]}/{nombre} tâche(s) {nom} terminée(s) en {timeout} s")


@pytest.fixture
def celery_worker_reel(django_db_blocker, monkeypatch):
    """A real Celery worker (4 threads) consuming this xdist worker's queue on the real Redis.

    Use it with ``base_validee`` (or ``transactional_db``): the worker's threads have
    their own database connections and only see committed rows. Tasks left in the
    queue by earlier tests are purged first.
    """
    from francetravail import celery_app

    # System checks run when a worker starts: they are tested elsewhere and cost a second.
    monkeypatch.setenv("CELERY_SKIP_CHECKS", "1")
    celery_app.control.purge()
    with (
        django_db_blocker.unblock(),
        start_worker(
            celery_app,
            pool="threads",
            concurrency=4,
            perform_ping_check=False,
            queues=[settings.CELERY_TASK_DEFAULT_QUEUE],
            loglevel=os.environ.get("WORKER_LOGLEVEL", "WARNING"),
            shutdown_timeout=15,
        ) as worker,
    ):
        reel = WorkerReel(worker)
        task_postrun.connect(reel._on_task_postrun, weak=False)
        try:
            yield reel
        finally:
            task_postrun.disconnect(reel._on_task_postrun)


class WorkerExterne:
    """A ``celery worker`` in its own process, on this test's queue and database.

    Unlike a second embedded worker it shares nothing with the test process (connections,
    signals, threads), and it always stops: a warm shutdown first (running tasks finish,
    unstarted ones go back to the queue: acks_late), then SIGKILL.
    """

    SUCCES = re.compile(r"Task (\S+)\[[^\]]+\] succeeded")

    def __init__(self, nom, *, pool="threads", concurrency=4):
        base = connection.settings_dict
        url = f"postgres://{base['USER']}:{base['PASSWORD'] or ''}@{base['HOST']}:{base['PORT']}/{base['NAME']}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "francetravail.settings.test",
            "DATABASE_URL": url,
            "CELERY_SKIP_CHECKS": "1",
        }
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "francetravail",
                "worker",
                "--pool",
                pool,
                "--concurrency",
                str(concurrency),
                "--loglevel",
                "INFO",
                "--queues",
                settings.CELERY_TASK_DEFAULT_QUEUE,
                "--hostname",
                f"{nom}@%h",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
            ],  # fmt: skip
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self._terminees = Counter()
        self._pret = threading.Event()
        self._lignes = []
        self._lecteur = threading.Thread(target=self._lire, daemon=True)
        self._lecteur.start()

    def _lire(self):
        for ligne in self._process.stdout:
            self._lignes.append(ligne)
            if " ready." in ligne:
                self._pret.set()
            if trouve := self.SUCCES.search(ligne):
                self._terminees[trouve.group(1)] += 1

    def terminees(self, nom):
        return self._terminees[nom]

    def attendre_pret(self, timeout=60):
        if not self._pret.wait(timeout):
            self.arreter()
            raise TimeoutError("le worker externe n'a pas démarré :\n" + "".join(self._lignes[-30:]))

    def arreter(self, timeout=60):
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._lecteur.join(5)


@contextlib.contextmanager
def worker_externe(nom="externe", **options):
    """A second, real worker process for the time of the block (see ``WorkerExterne``; ``pool``, ``concurrency``)."""
    worker = WorkerExterne(nom, **options)
    try:
        worker.attendre_pret()
        yield worker
    finally:
        worker.arreter()
