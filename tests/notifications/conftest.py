import base64
import json
import socket

import pytest
import redis
from django.conf import settings

from francetravail import celery_app
from francetravail.notifications.sms import MemorySmsBackend


def port_ferme():
    """A local TCP port nobody listens on (connections to it are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def sms_memoire(settings):
    settings.SMS_BACKEND = "francetravail.notifications.sms.MemorySmsBackend"
    MemorySmsBackend.vider()
    yield MemorySmsBackend.envoyes
    MemorySmsBackend.vider()


class Broker:
    """The real Redis broker of this xdist worker, which a test can cut off and bring back.

    « Cut » points the Celery app at a closed port: every new broker connection of
    the web side (``planifier_envoi`` opens one per notification) is refused, as when
    Redis is down. ``messages()`` reads this worker's queue straight from Redis.
    """

    def __init__(self):
        self.url = celery_app.conf.broker_url
        self.file = settings.CELERY_TASK_DEFAULT_QUEUE
        self._redis = redis.Redis.from_url(self.url)

    def couper(self):
        celery_app.conf.broker_url = f"redis://127.0.0.1:{port_ferme()}/0"

    def retablir(self):
        celery_app.conf.broker_url = self.url

    def messages(self):
        """``[(task name, args), …]`` waiting in the queue, oldest first."""
        resultat = []
        for brut in reversed(self._redis.lrange(self.file, 0, -1)):  # kombu LPUSHes, workers BRPOP
            message = json.loads(brut)
            args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
            resultat.append((message["headers"]["task"], args))
        return resultat

    def purger(self):
        celery_app.control.purge()


@pytest.fixture
def broker(monkeypatch):
    # CELERY_BROKER_URL in the environment would win over the app's configuration.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    b = Broker()
    b.purger()
    yield b
    b.retablir()
    b.purger()
    b._redis.close()


@pytest.fixture
def brevo(settings):
    """The fake Brevo (tests/fournisseur_sms.py), a real HTTP server, behind SMS_BACKEND."""
    from tests.fournisseur_sms import FournisseurSms

    with FournisseurSms() as faux:
        settings.SMS_BACKEND = "francetravail.notifications.fournisseurs.brevo.BrevoSmsBackend"
        settings.BREVO_API_URL = faux.url_api
        settings.BREVO_API_KEY = faux.cle
        settings.BREVO_SMS_EXPEDITEUR = "FranceTrav"
        settings.BREVO_TIMEOUT = 1
        yield faux


JETON_REMISE = "jeton-des-rappels-de-test"


@pytest.fixture
def jeton_remise(settings):
    settings.REMISE_WEBHOOK_JETON = JETON_REMISE
    settings.REMISE_WEBHOOK_SECRET_HMAC = ""
    return JETON_REMISE
