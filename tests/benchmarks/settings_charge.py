"""The production settings (``francetravail.settings.prod``, DEBUG off) of the load benchmark's server.

The environment does the rest, as in a deployment (tests/benchmarks/test_charge.py):
secret key, database, Redis, plain http on 127.0.0.1 (``DJANGO_SECURE_SSL_REDIRECT``).
One difference, and why: static files are not collected. ``collectstatic`` with the
production storage (compressed manifest) post-processes ~9 000 files, 3.5 minutes on
this 2-core machine, and none of it would be measured: the benchmark requests pages,
not static files, and the ``{% static %}`` URLs sit in the page chrome, rendered once
per process (``{% gabarit %}``). ``STATIC_ROOT`` is an empty folder of the run.
"""

from francetravail.settings.prod import *  # noqa: F403
from francetravail.settings.prod import STORAGES, env

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
STATIC_ROOT = env("STATIC_ROOT")
