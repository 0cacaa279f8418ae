"""The diagnostic's fact for « Où j'en suis » (francetravail/personnes/parcours.py)."""

from diagnostic.models import Diagnostic
from francetravail.personnes.parcours import brancher_lecteur


def lire(personne, aujourdhui):
    return {"diagnostic_ouvert": Diagnostic.objects.filter(personne_id=personne.pk).exists()}


def connecter():
    """Called once from ``apps.py``: the person's space reads these facts (« Où j'en suis »)."""
    brancher_lecteur("diagnostic", lire)
