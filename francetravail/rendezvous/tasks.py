from celery import shared_task
from django.utils import timezone

from francetravail.rendezvous import plages
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


@shared_task(ignore_result=True)
def generer_creneaux(maintenant=None):
    """Generates the recurring openings' slots for the weeks ahead (beat, daily) and closes those the
    patterns no longer hold; returns (slots created, slots closed). One transaction per pattern, a
    pattern another worker holds is skipped: safe twice and on two workers."""
    crees = fermes = 0
    for plage_id in plages.plages_a_synchroniser(maintenant):
        bilan = plages.synchroniser_une(plage_id, maintenant=maintenant)
        if bilan is not None:
            crees, fermes = crees + bilan.crees, fermes + bilan.fermes
    return crees, fermes
