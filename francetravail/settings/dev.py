from francetravail.settings.base import *  # noqa: F403
from francetravail.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# Template edits show at once in development: no per-process copy of the page chrome.
GABARITS_EN_CACHE = env.bool("GABARITS_EN_CACHE", default=False)
# A receiver on this machine (http://127.0.0.1:…/) may subscribe to the webhooks in development.
WEBHOOKS_HOTES_LOCAUX_AUTORISES = env.list("WEBHOOKS_HOTES_LOCAUX_AUTORISES", default=["127.0.0.1", "localhost"])
