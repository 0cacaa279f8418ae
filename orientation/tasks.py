"""Orientation sweeps (beat, ``francetravail/beat.py``): bounded batches, never a decision by the timer alone."""

from datetime import timedelta

from celery import shared_task
from django.db.models import Max, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from francetravail.parametres.lookup import valeurs_par_departement
from francetravail.personnes.models import Personne
from inscription.enums import ETATS_CLOS
from inscription.queries import personnes_sorties_du_rsa
from orientation.actions import confier_a_france_travail
from orientation.enums import STATUTS_OUVERTS, FileDecision
from orientation.masse import proposer_en_masse, sans_decision
from orientation.models import DecisionOrientation

TAILLE_LOT = 500
TAILLE_LOT_PROPOSITIONS = 5_000


@shared_task(ignore_result=True)
def proposer_en_attente(limit=TAILLE_LOT_PROPOSITIONS):
    """Proposes an orientation to registered people who have none yet; returns how many got one.

    This is how a registration, at a desk or online, enters orientation, and the safety
    net for the CAF/MSA flow (whose batches are proposed as they are written): the
    registration app knows nothing of this one. Safe to run twice and on two workers
    (``masse.proposer_en_masse`` locks and re-checks).
    """
    ids = list(
        Personne.objects.filter(sans_decision(), inscription__statut="inscrit")
        # Out of the RSA by the flow: not to orient (masse skips them; picking them would starve the others).
        .exclude(personnes_sorties_du_rsa())
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return proposer_en_masse(ids)


@shared_task(ignore_result=True)
def signaler_rsa_hors_delai(limit=TAILLE_LOT, aujourdhui=None):
    """Moves to France Travail's queue the bRSA not oriented ``orientation.delai_rsa`` after their right opened.

    CASF D262-65-2: France Travail then orients. The sweep never decides: a person does.
    The delay runs from the latest opening of an RSA right of the person (a transfer or
    a new right restarts it), or from the file's transfer after a move (``transfert_le``).
    Each person's département's own delay applies where it has
    one: a département may be stricter (shorter), never longer than the national 6 weeks
    (``parametres.lookup.retenir``).
    """
    aujourdhui = aujourdhui or timezone.localdate()
    nationale, par_departement = valeurs_par_departement("orientation.delai_rsa", le=aujourdhui)

    def limite(semaines):
        return aujourdhui - timedelta(weeks=int(semaines))

    # The national delay for everyone else (people without a département included).
    passe = Q(ouverture__lte=limite(nationale)) & ~Q(personne__departement_id__in=list(par_departement))
    for departement, semaines in par_departement.items():
        passe |= Q(personne__departement_id=departement, ouverture__lte=limite(semaines))
    candidates = list(
        DecisionOrientation.objects.filter(statut__in=STATUTS_OUVERTS, file=FileDecision.ORIENTEUR)
        # Only rights in force: a person whose right the département ended is no longer on the RSA list.
        .annotate(
            ouverture=Greatest(
                Max(
                    "personne__droits_rsa__date_ouverture",
                    filter=(
                        Q(personne__droits_rsa__fin_droit__isnull=True)
                        | Q(personne__droits_rsa__fin_droit__gt=aujourdhui)
                    )
                    # A household the CAF/MSA flow closed (DroitRSA.objects.en_vigueur's rule).
                    & (
                        Q(personne__droits_rsa__foyer__isnull=True)
                        | ~Q(personne__droits_rsa__foyer__etat__in=sorted(ETATS_CLOS))
                    ),
                ),
                # A transfer after a move (actions.demenager) restarts the delay too; GREATEST skips NULLs.
                "transfert_le",
            )
        )
        .filter(passe)
        .order_by("ouverture", "pk")
        .values_list("pk", "ouverture", "personne__departement_id")[:limit]
    )
    return sum(
        confier_a_france_travail(
            pk, delai_semaines=int(par_departement.get(departement, nationale)), date_ouverture=ouverture
        )
        for pk, ouverture, departement in candidates
    )
