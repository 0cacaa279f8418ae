"""Invitations written directly, as the invitations' actions leave them (the booking link's tests)."""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from francetravail.invitations.enums import STATUTS_INVITATION_OUVERTE, CanalInvitation, StatutInvitation
from francetravail.invitations.models import Invitation
from francetravail.rendezvous import suivi
from francetravail.rendezvous.enums import Motif, StatutSuivi

CODE = "QZ7K4W2M"


def invitation(personne, organisation, *, motif=Motif.ENTRETIEN_ORIENTATION, expire_le=None, **kwargs):
    kwargs.setdefault("statut", StatutInvitation.ENVOYEE)
    kwargs.setdefault("canaux", [CanalInvitation.SMS, CanalInvitation.COURRIER])
    with transaction.atomic():
        return _invitation(personne, organisation, motif, expire_le, kwargs)


def _invitation(personne, organisation, motif, expire_le, kwargs):
    inv = Invitation.objects.create(
        personne=personne,
        organisation=organisation,
        motif=motif,
        nonce=secrets.token_hex(16),
        code=kwargs.pop("code", CODE),
        expire_le=expire_le or timezone.now() + timedelta(days=10),
        **kwargs,
    )
    if inv.statut in STATUTS_INVITATION_OUVERTE:
        # As the invitations' actions do: the person's follow-up says « invité » for this invitation.
        suivi.noter(personne.pk, motif, StatutSuivi.INVITE, organisation_id=organisation.pk, invitation_id=inv.pk)
    return inv
