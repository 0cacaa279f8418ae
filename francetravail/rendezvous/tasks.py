from celery import shared_task
from django.utils import timezone

from francetravail.rendezvous.actions import envoyer_rappel_du
from francetravail.rendezvous.enums import StatutRendezVous
from francetravail.rendezvous.models import RendezVous

TAILLE_LOT = 500


@shared_task(ignore_result=True)
def planifier_rappels(limit=TAILLE_LOT, maintenant=None):
    """Writes the reminders that fell due (beat, every 15 minutes); returns how many appointments got one.

    A bounded batch, one transaction per appointment (``actions.envoyer_rappel_du``);
    what is left is taken by the next run.
    """
    maintenant = maintenant or timezone.now()
    ids = list(
        RendezVous.objects.filter(statut=StatutRendezVous.RESERVE, prochain_rappel__lte=maintenant)
        .order_by("prochain_rappel", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(envoyer_rappel_du(rdv_id, maintenant) for rdv_id in ids)
