"""Reads of registrations shown on pages."""

from francetravail.personnes.acces import personnes_visibles
from inscription import etapes
from inscription.enums import Canal, StatutInscription
from inscription.models import DossierInscription

MAX_A_REPRENDRE = 50


def guichet_a_reprendre(user, organisations):
    """The desk registrations of ``organisations`` still in progress, newest first, each with the step to
    resume at (``etape_suivante``); only files ``user`` may open (the resume page reads them through the gate)."""
    dossiers = list(
        DossierInscription.objects.filter(
            canal=Canal.GUICHET,
            statut=StatutInscription.EN_COURS,
            organisation_id__in=organisations,
            personne__in=personnes_visibles(user),
        )
        .select_related("personne")
        .order_by("-pk")[:MAX_A_REPRENDRE]
    )
    for dossier in dossiers:
        dossier.etape_suivante = etapes.prochaine_a_remplir(dossier)
    return dossiers
