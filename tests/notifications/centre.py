"""Notifications as the outbox holds them, for the notification centre's tests and the matrices."""

import itertools

from django.utils import timezone

from francetravail.notifications.enums import Canal, Statut
from francetravail.notifications.models import Notification
from francetravail.notifications.registre import type_notification

_NUMEROS = itertools.count()


def notification_pour(
    user, cle="orientation.decision", *, canal=Canal.IN_APP, lue=False, lien="/mon-espace/", **champs
):
    """A notification of the declared kind ``cle`` to ``user``, delivered (in the space, or sent)."""
    type_ = type_notification(cle)
    return Notification.objects.create(
        destinataire=user,
        adresse=user.email,
        canal=canal,
        modele=type_.modele,
        type_notification=cle,
        contexte={"lien": lien} if lien else {},
        statut=Statut.ENVOYEE,
        sent_at=timezone.now(),
        lue_le=timezone.now() if lue else None,
        cle_idempotence=f"test-centre-{next(_NUMEROS)}-{timezone.now().timestamp()}",
        **champs,
    )
