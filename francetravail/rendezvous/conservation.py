"""Retention hooks of the appointments (francetravail/donnees/registre.py): at the end of the archive, the
reasons given for a cancellation, an excuse or a late first appointment are erased; dates and outcomes stay."""

from francetravail.donnees.registre import anonymisation, effacer_textes
from francetravail.rendezvous.models import HistoriqueRendezVous, RendezVous


@anonymisation
def effacer_motifs(personne_ids):
    effacer_textes(RendezVous.objects.filter(personne_id__in=personne_ids), "motif", "hors_delai_motif")
    effacer_textes(HistoriqueRendezVous.objects.filter(rendez_vous__personne_id__in=personne_ids), "motif")
