"""Retention hooks of the orientation (francetravail/donnees/registre.py): at the end of the archive, the free
texts written about the person (the reasons of a decision or of a re-orientation request) are erased; the
parcours, the organisme and the dates stay for the indicators. The explanation is the rule's text: kept."""

from francetravail.donnees.registre import anonymisation, effacer_textes
from orientation.models import DecisionOrientation, HistoriqueDecision


@anonymisation
def effacer_motifs(personne_ids):
    effacer_textes(
        DecisionOrientation.objects.filter(personne_id__in=personne_ids), "motif_modification", "motif_demande"
    )
    effacer_textes(HistoriqueDecision.objects.filter(decision__personne_id__in=personne_ids), "motif")
