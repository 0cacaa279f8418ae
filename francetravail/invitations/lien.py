"""The booking link of an invitation: signed, for one person, expiring.

The token is the invitation's id and an HMAC-SHA256 (keyed by ``SECRET_KEY`` with its own salt) of that
id and the invitation's random ``nonce``, cut to 128 bits: ``<id in base 36>-<22 characters>``. A forged or
altered token fails the signature; a token of a withdrawn or replaced invitation (another nonce) no longer
matches; past ``expire_le`` the link says so. The token carries no personal data, and it is short (about 28
characters) because an SMS holds 160: ``signing.dumps`` gave about 90, most of a message.
"""

import base64

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from francetravail.invitations.enums import STATUTS_INVITATION_OUVERTE
from francetravail.invitations.models import Invitation

SEL = "francetravail.invitations.lien"


class LienInvalide(Exception):
    """Forged, altered, or naming no invitation: the page says the link is not valid."""


class LienExpire(Exception):
    """A real link past its expiry, or whose invitation was used or withdrawn: the page says what to do."""

    def __init__(self, invitation):
        super().__init__(invitation.get_statut_display())
        self.invitation = invitation


def _base36(nombre):
    chiffres = "0123456789abcdefghijklmnopqrstuvwxyz"
    texte = ""
    while True:
        nombre, reste = divmod(nombre, 36)
        texte = chiffres[reste] + texte
        if not nombre:
            return texte


def signature(pk, nonce):
    """The 128-bit HMAC of (``pk``, ``nonce``), URL-safe base64 (22 characters)."""
    empreinte = salted_hmac(SEL, f"{pk}:{nonce}", algorithm="sha256").digest()[:16]
    return base64.urlsafe_b64encode(empreinte).decode().rstrip("=")


def jeton(invitation):
    return f"{_base36(invitation.pk)}-{signature(invitation.pk, invitation.nonce)}"


def chemin(invitation):
    return reverse("invitations:lien", kwargs={"jeton": jeton(invitation)})


def url(invitation):
    """The absolute link printed in SMS, e-mails and the letter's QR code."""
    return f"{settings.SITE_URL}{chemin(invitation)}"


def lire(jeton_recu, *, maintenant=None):
    """The invitation ``jeton_recu`` opens. Raises ``LienInvalide`` or ``LienExpire``.

    An invitation already used (a slot booked through it) raises ``LienExpire`` too: its page then shows
    the booking to whoever passes the identity check again, never to anyone else."""
    identifiant, _, signee = str(jeton_recu).partition("-")
    try:
        pk = int(identifiant, 36) if 0 < len(identifiant) <= 13 else None
    except ValueError:
        pk = None
    if pk is None or len(signee) != 22:
        raise LienInvalide
    invitation = Invitation.objects.select_related("personne", "organisation").filter(pk=pk).first()
    if invitation is None or not constant_time_compare(signee, signature(pk, invitation.nonce)):
        raise LienInvalide
    maintenant = maintenant or timezone.now()
    if invitation.statut not in STATUTS_INVITATION_OUVERTE or invitation.expire_le <= maintenant:
        raise LienExpire(invitation)
    return invitation
