"""A few notifications in the demo accounts' notification centres: Marie Dupont (the person) and the
Lille conseiller. Written as the outbox keeps them once delivered (in-app, or e-mails already sent),
so loading the demo sends nothing; found again by their idempotency key (the seed stays idempotent)."""

import datetime

from django.utils import timezone

from francetravail.notifications.enums import Canal, Statut
from francetravail.notifications.models import Notification
from francetravail.notifications.registre import type_notification


def _notification(user, cle, *, canal, il_y_a, lue=False, lien=None):
    type_ = type_notification(cle)
    quand = timezone.now() - il_y_a
    Notification.objects.get_or_create(
        cle_idempotence=f"demo-centre-{user.email}-{cle}-{canal}",
        defaults={
            "destinataire": user,
            "adresse": user.email,
            "canal": canal,
            "modele": type_.modele,
            "type_notification": cle,
            "contexte": {"lien": type_.chemin(**(lien or {}))} if type_.lien else {},
            "statut": Statut.ENVOYEE,
            "created_at": quand,
            "sent_at": quand,
            "lue_le": quand if lue else None,
        },
    )


def charger_demo_notifications(personne_user, conseiller, personne_suivie, organisation):
    jour = datetime.timedelta(days=1)
    _notification(personne_user, "orientation.decision", canal=Canal.IN_APP, il_y_a=10 * jour, lue=True)
    _notification(personne_user, "orientation.decision", canal=Canal.EMAIL, il_y_a=10 * jour, lue=True)
    _notification(personne_user, "rendezvous.confirmation", canal=Canal.EMAIL, il_y_a=2 * jour)
    _notification(
        personne_user, "messagerie.message_a_la_personne", canal=Canal.EMAIL, il_y_a=datetime.timedelta(hours=3)
    )
    _notification(
        conseiller,
        "messagerie.message_au_professionnel",
        canal=Canal.EMAIL,
        il_y_a=datetime.timedelta(hours=5),
        lien={"pk": personne_suivie.pk},
    )
    _notification(
        conseiller,
        "reseau.rattachement_confirme",
        canal=Canal.EMAIL,
        il_y_a=4 * jour,
        lue=True,
        lien={"pk": organisation.pk},
    )
