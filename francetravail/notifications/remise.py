"""Delivery callbacks of the providers (Brevo's transactional e-mail and SMS webhooks): verified, then
recorded once, then applied to the notification they name.

**Verification** (:func:`verifier`), before anything is read or written:

- the token Brevo sends with each webhook (``Authorization: Bearer <REMISE_WEBHOOK_JETON>``, configured
  in the webhook's ``auth``), compared in constant time; no token configured means every callback is
  refused (401);
- when ``REMISE_WEBHOOK_SECRET_HMAC`` is set, also an HMAC-SHA256 of ``"<timestamp>." + body`` in
  ``X-Signature`` with ``X-Signature-Timestamp`` (Unix seconds), at most ``REMISE_WEBHOOK_TOLERANCE``
  seconds old (403 otherwise). The bearer token is a static secret: anyone who captured one request
  could replay it, or post other bodies with it, forever. The signature binds the body and the time, for
  a deployment where a relay (or a provider that signs) sits in front; it is optional because Brevo's own
  webhooks only carry the token.

**Recording**: each event is one ``EvenementRemise`` whose ``identifiant`` is a hash of the provider, the
message id, the event and its time (Brevo gives no event id): the same callback replayed is the same
row, and changes nothing. An event for a message we do not know is kept (without notification) and
answered 200, so that the provider stops sending it.

**Applying** (:func:`appliquer`): the notification's ``remise`` only moves forward — unknown → deferred →
a final state (delivered, bounced, rejected); a final state never changes (a late « deferred » or a
second final event is kept in the events, not applied). A legal notice that bounced or was rejected is
flagged to its sender (``francetravail.notifications.rebonds``).
"""

import hashlib
import hmac
import json
import logging
import time
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from francetravail.notifications import rebonds
from francetravail.notifications.enums import Canal, StatutRemise
from francetravail.notifications.models import EvenementRemise, Notification

logger = logging.getLogger(__name__)

FOURNISSEUR = "brevo"

# Brevo's event names (e-mail: ``event``; SMS: ``msg_status`` or ``event``), lower case without « _ ».
EVENEMENTS = {
    "delivered": StatutRemise.REMISE,
    "softbounce": StatutRemise.DIFFEREE,
    "softbounced": StatutRemise.DIFFEREE,
    "deferred": StatutRemise.DIFFEREE,
    "hardbounce": StatutRemise.REBOND,
    "hardbounced": StatutRemise.REBOND,
    "invalidemail": StatutRemise.REBOND,
    "invalid": StatutRemise.REBOND,
    "invalidnumber": StatutRemise.REBOND,
    "blocked": StatutRemise.REJETEE,
    "rejected": StatutRemise.REJETEE,
    "blacklisted": StatutRemise.REJETEE,
    "error": StatutRemise.REJETEE,
}
RANG = {
    StatutRemise.INCONNUE: 0,
    StatutRemise.DIFFEREE: 1,
    StatutRemise.REMISE: 2,
    StatutRemise.REBOND: 2,
    StatutRemise.REJETEE: 2,
}
NON_REMIS = (StatutRemise.REBOND, StatutRemise.REJETEE)


class RappelRefuse(Exception):
    """Unsigned, forged or stale: nothing is read nor written. ``statut``: the HTTP answer (401 or 403)."""

    def __init__(self, statut, raison):
        super().__init__(raison)
        self.statut = statut


def signature(secret, horodatage, corps):
    """The HMAC-SHA256 (hex) of ``"<horodatage>." + corps`` under ``secret``."""
    return hmac.new(secret.encode(), f"{horodatage}.".encode() + corps, hashlib.sha256).hexdigest()


def verifier(entetes, corps, *, maintenant=None):
    """Raises ``RappelRefuse`` unless the callback carries the configured token (and signature)."""
    jeton = settings.REMISE_WEBHOOK_JETON
    recu = entetes.get("Authorization", "")
    schema, _, valeur = recu.partition(" ")
    if not jeton or schema.lower() != "bearer" or not hmac.compare_digest(valeur.strip().encode(), jeton.encode()):
        raise RappelRefuse(401, "jeton absent ou invalide")
    secret = settings.REMISE_WEBHOOK_SECRET_HMAC
    if not secret:
        return
    horodatage = entetes.get("X-Signature-Timestamp", "")
    try:
        instant = int(horodatage)
    except ValueError:
        raise RappelRefuse(403, "horodatage absent") from None
    maintenant = time.time() if maintenant is None else maintenant
    if abs(maintenant - instant) > settings.REMISE_WEBHOOK_TOLERANCE:
        raise RappelRefuse(403, "rappel trop ancien")
    attendue = signature(secret, horodatage, corps)
    if not hmac.compare_digest(entetes.get("X-Signature", "").encode(), attendue.encode()):
        raise RappelRefuse(403, "signature invalide")


def lire(corps):
    """The events of a callback body (one JSON object, or a list of them); ValueError if it is not JSON."""
    donnees = json.loads(corps)
    evenements = donnees if isinstance(donnees, list) else [donnees]
    if not all(isinstance(e, dict) for e in evenements):
        raise ValueError("événement illisible")
    return evenements


def _nom(evenement):
    brut = evenement.get("event") or evenement.get("msg_status") or evenement.get("status") or ""
    return str(brut).lower().replace("_", "").replace("-", "")


def _identifiant_message(evenement, canal):
    if canal == Canal.SMS:
        return str(evenement.get("messageId") or evenement.get("message-id") or "").strip()
    return str(evenement.get("message-id") or evenement.get("messageId") or "").strip()


def _instant(evenement):
    for cle in ("ts_event", "ts", "ts_epoch"):
        valeur = evenement.get(cle)
        if isinstance(valeur, int | float) and valeur > 0:
            if valeur > 10**11:  # milliseconds (ts_epoch)
                valeur = valeur / 1000
            return datetime.fromtimestamp(valeur, tz=UTC)
    return timezone.now()


def _notification(canal, identifiant):
    """The notification a provider's message id names (our Message-ID for e-mails, with or without « <> »)."""
    if not identifiant:
        return None
    candidats = {identifiant}
    if canal == Canal.EMAIL:
        nu = identifiant.strip("<>")
        candidats |= {nu, f"<{nu}>"}
    return (
        Notification.objects.select_for_update(of=("self",), no_key=True)
        .filter(canal=canal, identifiant_fournisseur__in=candidats)
        .order_by("pk")
        .first()
    )


@transaction.atomic
def appliquer(evenement, canal):
    """Records one verified event; returns the ``EvenementRemise`` (None: not a delivery event)."""
    nom = _nom(evenement)
    remise = EVENEMENTS.get(nom)
    if remise is None:
        return None  # sent, opened, clicked…: not about delivery
    message = _identifiant_message(evenement, canal)
    survenu_le = _instant(evenement)
    identifiant = hashlib.sha256(
        f"{FOURNISSEUR}|{canal}|{message}|{nom}|{survenu_le.isoformat()}".encode()
    ).hexdigest()
    if EvenementRemise.objects.filter(identifiant=identifiant).exists():
        return None  # a replay
    notification = _notification(canal, message)
    ligne, cree = EvenementRemise.objects.get_or_create(
        identifiant=identifiant,
        defaults={
            "fournisseur": FOURNISSEUR,
            "notification": notification,
            "evenement": nom[:50],
            "remise": remise,
            "survenu_le": survenu_le,
            "charge": evenement,
        },
    )
    if not cree:
        return None
    if notification is None:
        logger.warning("Rappel de remise %s pour un message inconnu (%s).", nom, message[:80])
        return ligne
    if RANG[remise] <= RANG[StatutRemise(notification.remise)]:
        return ligne  # never back from a final state, nor from deferred to unknown
    notification.remise = remise
    notification.remise_le = survenu_le
    detail = evenement.get("reason") or evenement.get("description") or evenement.get("error") or ""
    notification.remise_detail = str(detail)[:250]
    notification.save(update_fields=["remise", "remise_le", "remise_detail"])
    if remise in NON_REMIS:
        rebonds.signaler(notification)
    return ligne
