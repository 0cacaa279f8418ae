from django.db import transaction
from django.utils import timezone

from francetravail.notifications.enums import Canal, Statut
from francetravail.notifications.models import Notification


def notifier(destinataire, *, modele, contexte, cle_idempotence, canal=Canal.EMAIL, adresse=None):
    """Writes a notification in the current transaction and queues its sending on commit.

    ``modele`` names templates ``templates/notifications/<modele>_sujet.txt`` and
    ``<modele>_corps.txt`` (and ``<modele>_sms.txt`` for SMS). Returns the row; the
    same ``cle_idempotence`` twice returns the existing row and sends nothing more.

    An in-app notification is delivered by being written (it is read in the person's
    space): it is stored ``ENVOYEE`` and never queued nor swept.
    """
    if adresse is None:
        adresse = destinataire.telephone if canal == Canal.SMS else destinataire.email
    defaults = {
        "destinataire": destinataire,
        "adresse": adresse,
        "canal": canal,
        "modele": modele,
        "contexte": contexte,
    }
    if canal == Canal.IN_APP:
        defaults.update(statut=Statut.ENVOYEE, sent_at=timezone.now())
    notification, created = Notification.objects.get_or_create(cle_idempotence=cle_idempotence, defaults=defaults)
    if created and canal != Canal.IN_APP:
        from francetravail.notifications.tasks import planifier_envoi

        # robust: nothing after the commit may turn a committed request into an error.
        transaction.on_commit(lambda: planifier_envoi(notification.pk), robust=True)
    return notification
