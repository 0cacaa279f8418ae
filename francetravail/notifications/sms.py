"""Pluggable SMS sending, chosen by ``settings.SMS_BACKEND`` (a dotted path).

A backend is a class with ``send(numero, texte)`` that raises on failure (the
outbox then retries with backoff; ``dispatch.ErreurDefinitive`` when no retry can
help) and returns the provider's id for the message, if any (kept as the
notification's ``identifiant_fournisseur``, which its delivery callbacks name).
The default, :class:`LoggingSmsBackend`, only logs; the real provider is
``francetravail.notifications.fournisseurs.brevo.BrevoSmsBackend``.
"""

import logging
import threading

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def masquer_numero(numero):
    """``0612345678`` → ``06******78``: enough to tell numbers apart in logs, not to call them."""
    chiffres = "".join(numero.split())
    if len(chiffres) <= 4:
        return "*" * len(chiffres)
    return f"{chiffres[:2]}{'*' * (len(chiffres) - 4)}{chiffres[-2:]}"


class BaseSmsBackend:
    def send(self, numero, texte):
        raise NotImplementedError


class LoggingSmsBackend(BaseSmsBackend):
    """Default backend: writes the message to the log instead of sending it."""

    def send(self, numero, texte):
        logger.info("SMS à %s: %s", masquer_numero(numero), texte)


class MemorySmsBackend(BaseSmsBackend):
    """Test helper: keeps ``(numero, texte)`` in a class-level list. Not for production."""

    envoyes: list[tuple[str, str]] = []
    _verrou = threading.Lock()

    def send(self, numero, texte):
        with self._verrou:
            self.envoyes.append((numero, texte))

    @classmethod
    def vider(cls):
        with cls._verrou:
            cls.envoyes.clear()


def get_sms_backend():
    return import_string(settings.SMS_BACKEND)()
