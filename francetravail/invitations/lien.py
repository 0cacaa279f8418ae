"""The booking link of an invitation: signed, for one person, expiring.

The token signs the invitation's id and its random ``nonce`` (``django.core.signing``, its own salt): a
forged or altered token fails the signature; a token of a withdrawn or replaced invitation no longer
matches; past ``expire_le`` the link says so. The token carries no personal data.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

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


def jeton(invitation):
    return signing.dumps([invitation.pk, invitation.nonce], salt=SEL, compress=True)


def chemin(invitation):
    return reverse("invitations:lien", kwargs={"jeton": jeton(invitation)})


def url(invitation):
    """The absolute link printed in SMS, e-mails and the letter's QR code."""
    return f"{settings.SITE_URL}{chemin(invitation)}"


def lire(jeton_recu, *, maintenant=None):
    """The invitation ``jeton_recu`` opens. Raises ``LienInvalide`` or ``LienExpire``.

    An invitation already used (a slot booked through it) raises ``LienExpire`` too: its page then shows
    the booking to whoever passes the identity check again, never to anyone else."""
    try:
        pk, nonce = signing.loads(jeton_recu, salt=SEL)
    except (signing.BadSignature, ValueError, TypeError):
        raise LienInvalide from None
    invitation = Invitation.objects.select_related("personne", "organisation").filter(pk=pk).first()
    if invitation is None or not signing.constant_time_compare(str(nonce), invitation.nonce):
        raise LienInvalide
    maintenant = maintenant or timezone.now()
    if invitation.statut not in STATUTS_INVITATION_OUVERTE or invitation.expire_le <= maintenant:
        raise LienExpire(invitation)
    return invitation
