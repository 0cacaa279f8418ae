"""The procedures' facts for « Où j'en suis » (francetravail/personnes/parcours.py)."""

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Min, Q

from francetravail.personnes.parcours import brancher_lecteur
from sanctions.enums import StatutProcedure
from sanctions.models import ProcedureSanction

# A procedure no longer in progress for the person: closed, annulled, or its sanction over.
TERMINEES = (StatutProcedure.CLASSEE, StatutProcedure.LEVEE, StatutProcedure.ECHUE, StatutProcedure.ANNULEE)


def lire(personne, aujourdhui):
    a_repondre = Q(statut=StatutProcedure.AVERTISSEMENT_NOTIFIE, echeance_observations__gte=aujourdhui)
    faits = ProcedureSanction.objects.filter(personne_id=personne.pk).aggregate(
        en_cours=Count("pk", filter=~Q(statut__in=TERMINEES)),
        echeance=Min("echeance_observations", filter=a_repondre),
        # The one to answer first (a person rarely has two: then the list shows both).
        procedures=ArrayAgg("pk", filter=a_repondre, order_by=("echeance_observations", "pk"), default=[]),
    )
    return {
        "procedure_en_cours": bool(faits["en_cours"]),
        "avertissement_echeance": faits["echeance"],
        "avertissement_procedure": faits["procedures"][0] if len(faits["procedures"]) == 1 else None,
    }


def connecter():
    """Called once from ``apps.py``: the person's space reads these facts (« Où j'en suis »)."""
    brancher_lecteur("sanctions", lire)
