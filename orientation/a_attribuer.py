"""The orientation's part of the « à attribuer » queue (francetravail/referents/file.py): a person enters the
queue of their organisme référent once an orientation to that organisation is decided."""

from django.db.models import OuterRef, Q, Subquery

from francetravail.referents.file import Critere, enregistrer
from orientation.enums import STATUTS_DECIDES
from orientation.models import DecisionOrientation


def _annoter(qs):
    decidee = DecisionOrientation.objects.filter(
        personne=OuterRef("pk"), statut__in=list(STATUTS_DECIDES), organisme_id=OuterRef("organisme_referent_id")
    ).order_by("-decidee_le", "-pk")
    return qs.annotate(date_orientation=Subquery(decidee.values("decidee_le")[:1]))


def connecter():
    enregistrer(
        Critere(
            "orientation_decidee",
            _annoter,
            retenir=Q(date_orientation__isnull=False),
            annotations=("date_orientation",),
        )
    )
