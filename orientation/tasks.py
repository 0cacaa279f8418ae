"""Orientation sweeps (beat, ``francetravail/beat.py``): bounded batches, one transaction per person."""

from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from francetravail.parametres.lookup import valeur
from francetravail.personnes.models import Personne
from orientation.enums import STATUTS_OUVERTS, FileDecision
from orientation.models import DecisionOrientation

TAILLE_LOT = 500


def _sans_decision():
    return ~Exists(DecisionOrientation.objects.filter(personne=OuterRef("pk")))


@shared_task(ignore_result=True)
def proposer_en_attente(limit=TAILLE_LOT):
    """Proposes an orientation to registered people who have none yet; returns how many got one.

    This is how a registration, at a desk, online or from the CAF/MSA flow, enters
    orientation: the registration app knows nothing of this one. Safe to run twice and
    on two workers: the person row is locked (``skip_locked``) and re-checked.
    """
    from orientation.decisions import _creer

    ids = list(
        Personne.objects.filter(_sans_decision(), inscription__statut="inscrit")
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    creees = 0
    for pk in ids:
        with transaction.atomic():
            personne = (
                Personne.objects.select_for_update(of=("self",), skip_locked=True)
                .filter(_sans_decision(), pk=pk)
                .first()
            )
            if personne is not None:
                _creer(personne)
                creees += 1
    return creees


@shared_task(ignore_result=True)
def signaler_rsa_hors_delai(limit=TAILLE_LOT, aujourdhui=None):
    """Moves to France Travail's queue the bRSA not oriented ``orientation.delai_rsa`` after their right opened.

    CASF D262-65-2: France Travail then orients. The sweep never decides: a person does.
    The delay runs from the latest opening of an RSA right of the person (a transfer or
    a new right restarts it). The national value is read; a départemental value is not
    applied yet.
    """
    from orientation.decisions import confier_a_france_travail

    aujourdhui = aujourdhui or timezone.localdate()
    semaines = int(valeur("orientation.delai_rsa", le=aujourdhui))
    limite = aujourdhui - timedelta(weeks=semaines)
    candidates = list(
        DecisionOrientation.objects.filter(statut__in=STATUTS_OUVERTS, file=FileDecision.ORIENTEUR)
        .annotate(ouverture=Max("personne__droits_rsa__date_ouverture"))
        .filter(ouverture__lte=limite)
        .order_by("ouverture", "pk")
        .values_list("pk", "ouverture")[:limit]
    )
    return sum(
        confier_a_france_travail(pk, delai_semaines=semaines, date_ouverture=ouverture) for pk, ouverture in candidates
    )
