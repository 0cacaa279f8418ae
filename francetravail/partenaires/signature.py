"""How a webhook is signed, and the reference verification a partner's receiver runs.

Every delivery carries:

- ``X-Webhook-Id``: the delivery's identifier, the same on every retry and every replay from the
  back-office: a receiver that keeps the identifiers it has processed ignores a second copy;
- ``X-Webhook-Evenement``: the event (``rendezvous.pris``…);
- ``X-Webhook-Horodatage``: when this attempt was signed, in Unix seconds;
- ``X-Webhook-Signature``: ``sha256=<hex>``, the HMAC-SHA256 of ``"<horodatage>.<corps>"`` with the
  subscription's secret.

Signing the timestamp with the body lets a receiver refuse a captured delivery sent again later
(:func:`verifier`'s tolerance), while the identifier lets it ignore our own legitimate re-sendings
(:class:`IdentifiantsVus`). This module depends on the standard library only, so a partner can copy it.
"""

import hashlib
import hmac
import threading

ENTETE_ID = "X-Webhook-Id"
ENTETE_EVENEMENT = "X-Webhook-Evenement"
ENTETE_HORODATAGE = "X-Webhook-Horodatage"
ENTETE_SIGNATURE = "X-Webhook-Signature"
PREFIXE = "sha256="
# Seconds between the timestamp signed and the receiver's clock, either way (clocks drift a little).
TOLERANCE = 300


class SignatureInvalide(Exception):
    """The delivery must be refused (answer 400 or 401): not signed by us, or signed too long ago."""


def signer(secret, horodatage, corps):
    """The hex HMAC-SHA256 of ``"<horodatage>.<corps>"`` (``corps``: the raw bytes of the body)."""
    if isinstance(corps, str):
        corps = corps.encode()
    message = f"{int(horodatage)}.".encode() + corps
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _entete(entetes, nom):
    # Header names are case-insensitive; a plain dict from a framework may hold them in any case.
    for cle, valeur in entetes.items():
        if cle.lower() == nom.lower():
            return valeur
    return None


def verifier(secret, entetes, corps, *, maintenant, tolerance=TOLERANCE):
    """Checks a received delivery; returns its identifier, or raises :class:`SignatureInvalide`.

    ``entetes``: the request's headers (a mapping); ``corps``: the raw body, as received (bytes, before
    any JSON parsing); ``maintenant``: the receiver's clock in Unix seconds (``time.time()``).
    The timestamp must be within ``tolerance`` seconds of ``maintenant`` (bounds included).
    """
    horodatage = _entete(entetes, ENTETE_HORODATAGE)
    signature = _entete(entetes, ENTETE_SIGNATURE)
    identifiant = _entete(entetes, ENTETE_ID)
    if not horodatage or not signature or not identifiant:
        raise SignatureInvalide("En-têtes de signature manquants.")
    try:
        horodatage = int(horodatage)
    except ValueError:
        raise SignatureInvalide("Horodatage illisible.") from None
    if not signature.startswith(PREFIXE):
        raise SignatureInvalide("Signature d'un format inconnu (sha256=… attendu).")
    # Constant-time comparison: timing must not tell how many characters of a forged signature were right.
    if not hmac.compare_digest(signature[len(PREFIXE) :], signer(secret, horodatage, corps)):
        raise SignatureInvalide("Signature invalide.")
    if abs(maintenant - horodatage) > tolerance:
        raise SignatureInvalide("Horodatage hors de la fenêtre de tolérance : livraison trop ancienne ou rejouée.")
    return identifiant


class IdentifiantsVus:
    """The identifiers already processed, to ignore a second copy of a delivery (retry or replay).

    A real receiver keeps them in its database (a unique column, inserted in the same transaction as
    the processing of the event), for as long as the platform may send one again: a replay from the
    back-office can come days later, with a fresh timestamp. This in-memory version is the reference
    the tests' receiver uses.
    """

    def __init__(self):
        self._vus = set()
        self._verrou = threading.Lock()

    def premiere_fois(self, identifiant):
        """True the first time ``identifiant`` is seen (process the event), False afterwards (ignore it)."""
        with self._verrou:
            if identifiant in self._vus:
                return False
            self._vus.add(identifiant)
            return True
