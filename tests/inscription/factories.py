"""Registration files in the situations tests need."""

from inscription.enums import Canal, StatutInscription
from inscription.models import DossierInscription, FreinIdentifie

_TYPES_FREINS = ["mobilite", "sante", "logement", "numerique"]


def dossier_complet(personne, *, freins=("moyen",), **kwargs):
    """A finished registration with every answer the orientation rules read.

    By default: worked in the last two years, pictures themselves in work, baccalauréat,
    barriers of the given intensities (one per barrier type, in order).
    """
    valeurs = {
        "canal": Canal.GUICHET,
        "statut": StatutInscription.INSCRIT,
        "categorie": "A",
        "activite_deux_ans": True,
        "se_projette": "oui",
        "niveau_qualification": "niveau_4",
        "prestations": ["aucune"],
        **kwargs,
    }
    dossier = DossierInscription.objects.create(personne=personne, **valeurs)
    for type_frein, intensite in zip(_TYPES_FREINS, freins, strict=False):
        FreinIdentifie.objects.create(dossier=dossier, type_frein=type_frein, intensite=intensite)
    return dossier
