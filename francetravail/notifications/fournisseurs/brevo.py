"""Brevo's transactional SMS over its REST API (``POST {BREVO_API_URL}/transactionalSMS/send``).

Brevo (ex-Sendinblue, a French company) is what rdv-insertion and many French public services use for
their SMS. One request per message, authenticated by the ``api-key`` header; the answer carries the
``messageId`` that its delivery callbacks name (``francetravail.notifications.remise``), kept on the
notification as ``identifiant_fournisseur``.

Which failures are final (``ErreurDefinitive``: the notification goes straight to ECHEC) and which the
outbox retries with its backoff:

- 400, 404, 422: Brevo refuses *this message* (an invalid number, a sender it does not know): sending it
  again cannot succeed;
- 401, 402, 403, 429 and every 5xx, a timeout, a refused connection: the account or the service, not
  the message (a revoked key, credits exhausted, rate limit, outage). An operator fixes those and the
  retries then go through, so they stay retried until ``NOTIFICATIONS_MAX_TENTATIVES``.

Configuration (environment, never committed): ``BREVO_API_URL`` (no default: nothing points outside the
machine until it is set, ``https://api.brevo.com/v3`` in production), ``BREVO_API_KEY``,
``BREVO_SMS_EXPEDITEUR`` (the sender name, 11 letters or digits at most), ``BREVO_TIMEOUT`` (seconds).
"""

import logging
import re

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from francetravail.notifications.dispatch import ErreurDefinitive
from francetravail.notifications.sms import BaseSmsBackend, masquer_numero

logger = logging.getLogger(__name__)

STATUTS_DEFINITIFS = frozenset({400, 404, 422})
EXPEDITEUR_MAX = 11
_EXPEDITEUR = re.compile(r"^[A-Za-z0-9 ]{1,11}$")


def numero_international(numero):
    """``06 12 34 56 78`` → ``33612345678``: Brevo wants the country code and digits only.

    A French number (10 digits from 0) gets 33; ``+33…`` or ``0033…`` lose their prefix; anything
    else that is not 8 to 15 digits is refused (the message can never be delivered)."""
    brut = re.sub(r"[\s.\-()]", "", numero or "")
    if brut.startswith("+"):
        brut = brut[1:]
    elif brut.startswith("00"):
        brut = brut[2:]
    elif brut.startswith("0"):
        # A national number: French, 10 digits exactly.
        brut = "33" + brut[1:] if re.fullmatch(r"0\d{9}", brut) else ""
    if not re.fullmatch(r"\d{8,15}", brut):
        raise ErreurDefinitive(f"numéro de téléphone invalide ({masquer_numero(numero or '')})")
    return brut


class BrevoSmsBackend(BaseSmsBackend):
    fournisseur = "brevo"

    def __init__(self):
        self.url = (getattr(settings, "BREVO_API_URL", "") or "").rstrip("/")
        self.cle = getattr(settings, "BREVO_API_KEY", "") or ""
        self.expediteur = getattr(settings, "BREVO_SMS_EXPEDITEUR", "") or ""
        self.timeout = getattr(settings, "BREVO_TIMEOUT", 10)
        if not self.url or not self.cle:
            raise ImproperlyConfigured("BrevoSmsBackend demande BREVO_API_URL et BREVO_API_KEY.")
        if not _EXPEDITEUR.match(self.expediteur):
            raise ImproperlyConfigured(
                f"BREVO_SMS_EXPEDITEUR doit compter 1 à {EXPEDITEUR_MAX} lettres ou chiffres (« {self.expediteur} »)."
            )

    def send(self, numero, texte):
        """Sends one SMS; returns Brevo's ``messageId`` (a string). Raises on failure (see the module)."""
        corps = {
            "sender": self.expediteur,
            "recipient": numero_international(numero),
            "content": texte,
            "type": "transactional",
            "unicodeEnabled": not texte.isascii(),
        }
        reponse = requests.post(
            f"{self.url}/transactionalSMS/send",
            json=corps,
            headers={"api-key": self.cle, "accept": "application/json"},
            timeout=self.timeout,
        )
        if reponse.status_code in STATUTS_DEFINITIFS:
            raise ErreurDefinitive(f"Brevo a refusé le SMS ({reponse.status_code}) : {_message(reponse)}")
        if reponse.status_code >= 300:
            raise RuntimeError(
                f"Brevo indisponible ou compte à vérifier ({reponse.status_code}) : {_message(reponse)}"
            )
        try:
            identifiant = reponse.json()["messageId"]
        except (ValueError, KeyError, TypeError):
            # Brevo took the message: retrying would send it twice. Keep it sent, without an id.
            logger.error("Réponse de Brevo sans messageId (SMS à %s).", masquer_numero(numero))
            return ""
        logger.info("SMS à %s remis à Brevo (%s).", masquer_numero(numero), identifiant)
        return str(identifiant)


def _message(reponse):
    try:
        donnees = reponse.json()
    except ValueError:
        return reponse.text[:200]
    if isinstance(donnees, dict):
        return str(donnees.get("message") or donnees.get("code") or donnees)[:200]
    return str(donnees)[:200]
