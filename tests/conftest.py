import time

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.core.cache import cache
from django.test.client import ClientMixin
from pytest_django import fixtures as pytest_django_fixtures

from francetravail.pages.templatetags import gabarits
from francetravail.parametres.loader import charger_parametres

pytest_plugins = ["tests.fixtures_e2e", "tests.sql_snapshot"]


def _force_login_complet(self, user, backend=None, _origine=ClientMixin.force_login):
    """``Client.force_login`` stands for a completed login: password and second factor.

    Professionals' sessions are verified only when allauth's authentication records
    hold the second factor (``francetravail/comptes/second_facteur.py``); a forced login
    writes the same records the login stage writes. Tests about sessions that skipped
    the second factor open them otherwise (``Client.login``, or the real login pages).
    """
    _origine(self, user, backend)
    session = self.session
    maintenant = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": maintenant, "email": user.email},
        {"method": "mfa", "at": maintenant, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


ClientMixin.force_login = _force_login_complet


def _bases_pour_le_test(test, _origine=pytest_django_fixtures._get_databases_for_test):
    # pytest-django creates the test database only for tests marked django_db (or using
    # db/transactional_db/live_server). Tests using base_validee are marked no_django_db
    # (they commit for real): without this, a run of only such tests (tests/browser)
    # would stay on the development database.
    if "base_validee" in getattr(test, "fixturenames", ()):
        return {"default"}, False
    return _origine(test)


pytest_django_fixtures._get_databases_for_test = _bases_pour_le_test


def pytest_collection_modifyitems(items):
    """Every test gets the database unless marked ``no_django_db`` (les-emplois' convention)."""
    for item in items:
        if "no_django_db" not in item.keywords and "django_db" not in item.keywords:
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(autouse=True)
def _cache_vide(request):
    """Rate limits and lockouts live in the (real, Redis) cache: start each test clean.

    The same goes for the page chrome rendered once per process ({% gabarit %}).
    """
    cache.delete_pattern("*")
    gabarits.vider()
    return


@pytest.fixture(autouse=True)
def _fichiers_temporaires(settings, tmp_path):
    """Uploaded scans and generated PDFs go to the test's own folder, never to .local/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def taches_immediates():
    """Tasks run in this process (eager), so that their effect is visible in the test transaction.

    Set on the Celery app itself: once its configuration has been read, a change of the Django
    setting CELERY_TASK_ALWAYS_EAGER is no longer seen (the test would depend on the order of tests)."""
    from francetravail import celery_app

    ancien = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = ancien


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        charger_parametres()


@pytest.fixture(scope="module")
def _demo_du_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for a module whose every test reads it (a few seconds each time), in a
    transaction rolled back at the end; each test runs in its own savepoint inside it (as Django's
    setUpTestData), so what a test changes is undone. Its files stay in a folder of the module's."""
    from django.db import transaction
    from django.test import override_settings

    from demo.charger import charger_demo

    media = str(tmp_path_factory.mktemp("media_demo"))
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        charger_demo()
        yield media
        transaction.set_rollback(True)


@pytest.fixture
def demo_chargee(_demo_du_module, db, settings):
    """The demo, for a module whose tests all read it: no test of that module may do without it, since
    the data stays loaded from the first test that asks to the end of the module."""
    settings.MEDIA_ROOT = _demo_du_module
