from francetravail.settings.base import *  # noqa: F403
from francetravail.settings.base import CACHES, DATABASES, STOCKAGE_PRIVE, env

DEBUG = False
# Fast hashing keeps the suite quick; production hashers are tested separately.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The SMTP sink of the end-to-end tests replaces this per test.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
STORAGES = {
    "default": STOCKAGE_PRIVE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True

# pytest-xdist runs workers in parallel on the same Redis: each gets its own cache
# namespace and its own Celery queue, so a worker never consumes another's tasks.
_XDIST = env("PYTEST_XDIST_WORKER", default="main")
# TEST_SUFFIX lets two test runs share one PostgreSQL/Redis without touching each
# other's databases, caches and queues (e.g. two developers on one machine).
_SUFFIX = env("TEST_SUFFIX", default="")
if _SUFFIX:
    _XDIST = f"{_SUFFIX}-{_XDIST}"
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{_SUFFIX}"}
CACHES["default"]["KEY_PREFIX"] = f"ft-test-{_XDIST}"
CELERY_TASK_DEFAULT_QUEUE = f"ft-test-{_XDIST}"
WORKER_HEARTBEAT_KEY = f"ft-test-{_XDIST}:worker:heartbeat"
# The tests' webhook receiver listens on 127.0.0.1 over http (tests/recepteur_webhooks.py).
WEBHOOKS_HOTES_LOCAUX_AUTORISES = ["127.0.0.1"]
