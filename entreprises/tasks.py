"""Daily sweeps of the employers' side: offers whose last day has passed expire; offers still
unfilled 30 days after their publication get a follow-up task.

Tasks take plain values (a moment as ISO text) and call the domain functions. Each offer is
handled in its own transaction, locked with ``skip_locked`` and re-checked under the lock, so two
workers never expire an offer twice, and the follow-up's unique constraint makes the second sweep
of a day a no-op.
"""

import datetime

from celery import shared_task
from django.utils import timezone

from entreprises import offres, taches
from entreprises.enums import StatutOffre

# The worker loads this module (autodiscovery): the other tasks of the app live beside their domain
# code and are registered by importing it here.
from entreprises.immersions import generer_convention  # noqa: F401
from entreprises.models import Offre
from entreprises.profils import actualiser_profil_tache, actualiser_tous_profils_tache  # noqa: F401

TAILLE_LOT = 500


def _moment(maintenant):
    if maintenant is None:
        return timezone.now()
    if isinstance(maintenant, str):
        return datetime.datetime.fromisoformat(maintenant)
    return maintenant


@shared_task(ignore_result=True)
def expirer_offres(limit=TAILLE_LOT, maintenant=None, max_lots=200):
    """Expires the published offers whose ``expire_le`` is before today. Returns how many."""
    maintenant = _moment(maintenant)
    aujourdhui = timezone.localdate(maintenant)
    expirees = 0
    for _ in range(max_lots):
        # Reads by the (statut, publiee_le) index; an offer skipped (locked elsewhere) is taken next run.
        ids = list(
            Offre.objects.filter(statut=StatutOffre.PUBLIEE, expire_le__lt=aujourdhui)
            .order_by("publiee_le", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        faites = sum(1 for pk in ids if offres.expirer(pk, maintenant=maintenant))
        expirees += faites
        if len(ids) < limit or faites == 0:
            break
    return expirees


@shared_task(ignore_result=True)
def creer_relances_offres(limit=TAILLE_LOT, maintenant=None, max_lots=200):
    """Creates the 30-day follow-up tasks that are due. Returns how many."""
    maintenant = _moment(maintenant)
    creees = 0
    for _ in range(max_lots):
        faites = taches.creer_relances(maintenant=maintenant, limit=limit)
        creees += faites
        if faites < limit:
            break
    return creees
