"""Sanction procedure sweeps (ARCHITECTURE example 5, in set-based batches: ``sanctions.balayage``).

Tasks take plain values (a day as ISO text) and call the batch helpers. Nothing here decides:
the frequent sweep records delays that ran out, puts cases before their decider, starts decided
sanctions on their first day and tells deciders of overdue decisions; the daily one records
the end of sanctions and tells deciders of 4-month total suppressions.
"""

import datetime

from celery import shared_task
from django.core.exceptions import ValidationError
from django.utils import timezone

from sanctions import balayage, radiations
from sanctions.courriers import assurer_pdf
from sanctions.models import CourrierProcedure


def _jour(aujourdhui):
    if aujourdhui is None:
        return timezone.localdate()
    if isinstance(aujourdhui, str):
        return datetime.date.fromisoformat(aujourdhui)
    return aujourdhui


@shared_task(ignore_result=True)
def generer_courrier(courrier_id):
    """Stores the PDF of a letter whose on-commit render did not happen (francetravail/base/relances.py),
    or of a letter that waited for its recipient's address, once the address is complete."""
    courrier = CourrierProcedure.objects.filter(pk=courrier_id).first()
    if courrier is None:
        return False
    try:
        assurer_pdf(courrier)
    except ValidationError:  # still waiting for the recipient's address: counted on the team's dashboard
        return False
    return True


@shared_task(ignore_result=True)
def balayer_procedures(limit=balayage.TAILLE_LOT, aujourdhui=None, max_lots=200):
    """Returns how many cases each step moved, and how many overdue decisions were signalled."""
    jour = _jour(aujourdhui)
    resultat = {}
    # In this order, so that a delay that ran out reaches the decider in the same run.
    for etape in (balayage.DELAI_EXPIRE, balayage.A_DECIDER, balayage.SANCTION_EN_COURS):
        resultat[etape.nom] = balayage.balayer_etape(etape, jour, limite=limit, max_lots=max_lots)
    resultat["decisions_en_retard"] = balayage.signaler_decisions_en_retard(jour, limite=limit)
    return resultat


@shared_task(ignore_result=True)
def balayer_sanctions_quotidien(limit=balayage.TAILLE_LOT, aujourdhui=None, max_lots=200):
    jour = _jour(aujourdhui)
    return {
        "echues": balayage.balayer_etape(balayage.ECHUE, jour, limite=limit, max_lots=max_lots),
        "suppressions_totales": balayage.signaler_suppressions_totales(jour, limite=limit),
    }


@shared_task(ignore_result=True)
def appliquer_radiations(limit=balayage.TAILLE_LOT, aujourdhui=None):
    """Radiations decided to start later cease the registration on their first day (sanctions.radiations)."""
    return radiations.appliquer_radiations(_jour(aujourdhui), limite=limit)
