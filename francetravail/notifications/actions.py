from django.db import transaction

from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification


def notifier(destinataire, *, modele, contexte, cle_idempotence, canal=Canal.EMAIL, adresse=None):
    """Writes a notification in the current transaction and queues its sending on commit.

    ``modele`` names templates ``templates/notifications/<modele>_sujet.txt`` and
    ``<modele>_corps.txt`` (and ``<modele>_sms.txt`` for SMS). Returns the row; the
    same ``cle_idempotence`` twice returns the existing row and sends nothing more.
    """
    if adresse is None:
        adresse = destinataire.telephone if canal == Canal.SMS else destinataire.email
    notification, created = Notification.objects.get_or_create(
        cle_idempotence=cle_idempotence,
        defaults={
            "destinataire": destinataire,
            "adresse": adresse,
            "canal": canal,
            "modele": modele,
            "contexte": contexte,
        },
    )
    if created and canal != Canal.IN_APP:
        from francetravail.notifications.tasks import planifier_envoi

        transaction.on_commit(lambda: planifier_envoi(notification.pk))
    return notification
