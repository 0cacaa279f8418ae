"""The procedures' facts for « Où j'en suis » (francetravail/personnes/parcours.py)."""

from django.db.models import Count, Min, Q

from francetravail.personnes.parcours import brancher_lecteur
from sanctions.enums import StatutProcedure
from sanctions.models import ProcedureSanction

# A procedure no longer in progress for the person: closed, annulled, or its sanction over.
_TERMINEES = (StatutProcedure.CLASSEE, StatutProcedure.LEVEE, StatutProcedure.ECHUE, StatutProcedure.ANNULEE)


def lire(personne, aujourdhui):
    faits = ProcedureSanction.objects.filter(personne_id=personne.pk).aggregate(
        en_cours=Count("pk", filter=~Q(statut__in=_TERMINEES)),
        echeance=Min(
            "echeance_observations",
            filter=Q(statut=StatutProcedure.AVERTISSEMENT_NOTIFIE, echeance_observations__gte=aujourdhui),
        ),
    )
    return {"procedure_en_cours": bool(faits["en_cours"]), "avertissement_echeance": faits["echeance"]}


def connecter():
    """Called once from ``apps.py``: the person's space reads these facts (« Où j'en suis »)."""
    brancher_lecteur("sanctions", lire)
