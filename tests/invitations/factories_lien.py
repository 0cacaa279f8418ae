"""Invitations written directly, as the invitations' actions leave them (the booking link's tests)."""

import secrets
from datetime import timedelta

from django.utils import timezone

from francetravail.invitations.enums import CanalInvitation, StatutInvitation
from francetravail.invitations.models import Invitation
from francetravail.rendezvous.enums import Motif

CODE = "QZ7K4W2M"


def invitation(personne, organisation, *, motif=Motif.ENTRETIEN_ORIENTATION, expire_le=None, **kwargs):
    kwargs.setdefault("statut", StatutInvitation.ENVOYEE)
    kwargs.setdefault("canaux", [CanalInvitation.SMS, CanalInvitation.COURRIER])
    return Invitation.objects.create(
        personne=personne,
        organisation=organisation,
        motif=motif,
        nonce=secrets.token_hex(16),
        code=kwargs.pop("code", CODE),
        expire_le=expire_le or timezone.now() + timedelta(days=10),
        **kwargs,
    )
