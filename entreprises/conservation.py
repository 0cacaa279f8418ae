"""Retention hooks of the employers' side (francetravail/donnees/registre.py): at the end of the archive, the
person's messages to employers, the refusals' details and the immersions' free texts are erased; the rows
(offer, dates, outcomes) stay for the indicators (applications, hirings)."""

from entreprises.models import Candidature, HistoriqueCandidature, Immersion
from francetravail.donnees.registre import anonymisation, effacer_textes


@anonymisation
def effacer_textes_employeurs(personne_ids):
    effacer_textes(Candidature.objects.filter(personne_id__in=personne_ids), "message", "precision_refus")
    effacer_textes(HistoriqueCandidature.objects.filter(candidature__personne_id__in=personne_ids), "motif")
    effacer_textes(
        Immersion.objects.filter(personne_id__in=personne_ids), "objectifs_detail", "bilan", "motif_annulation"
    )
