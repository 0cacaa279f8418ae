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

import os
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
    deleted; delete any other row you commit yourself.
    """
    if "no_django_db" not in request.keywords:
        pytest.fail("base_validee demande le marqueur no_django_db (sinon le test tourne dans une transaction).")
    if not connection.settings_dict["NAME"].startswith("test_"):
        pytest.fail(
            f"base_validee refuse d'écrire dans la base {connection.settings_dict['NAME']!r} : pas une base de test."
        )
    from francetravail.notifications.models import Notification

    with django_db_blocker.unblock():
        assert not connection.in_atomic_block
        dernier = Notification.objects.aggregate(m=Max("pk"))["m"] or 0
        try:
            yield
        finally:
            Notification.objects.filter(pk__gt=dernier).delete()


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
