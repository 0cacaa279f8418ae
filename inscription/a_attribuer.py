"""The registration's part of the « à attribuer » queue (francetravail/referents/file.py): a ceased registration
(radiation, end of the accompaniment) leaves the queue; the channel is the queue's « origine » filter."""

from django.db.models import F, Q

from francetravail.referents.file import Critere, enregistrer
from inscription.enums import Canal, StatutInscription


def _annoter(qs):
    return qs.annotate(origine=F("inscription__canal"), statut_inscription_file=F("inscription__statut"))


def connecter():
    enregistrer(
        Critere(
            "inscription_non_cessee",
            _annoter,
            exclure=Q(statut_inscription_file=StatutInscription.CESSEE, statut_inscription_file__isnull=False),
            annotations=("origine",),
        ),
        choix_origine=Canal.choices,
    )
