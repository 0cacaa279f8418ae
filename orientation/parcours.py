"""The orientation's facts for « Où j'en suis » (francetravail/personnes/parcours.py)."""

from django.db.models import Count, Q

from francetravail.personnes.parcours import brancher_lecteur
from orientation.enums import STATUTS_DECIDES, STATUTS_OUVERTS
from orientation.models import DecisionOrientation


def lire(personne, aujourdhui):
    # Decided counts once notified: until then the person has not been told.
    nombres = DecisionOrientation.objects.filter(personne_id=personne.pk).aggregate(
        decidees=Count("pk", filter=Q(statut__in=STATUTS_DECIDES, notifiee_le__isnull=False)),
        ouvertes=Count("pk", filter=Q(statut__in=STATUTS_OUVERTS)),
    )
    if nombres["decidees"]:
        return {"orientation": "decidee"}
    return {"orientation": "en_attente" if nombres["ouvertes"] else ""}


def connecter():
    """Called once from ``apps.py``: the person's space reads these facts (« Où j'en suis »)."""
    brancher_lecteur("orientation", lire)
