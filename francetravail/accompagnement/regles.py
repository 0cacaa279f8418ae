"""The figures of each modality, as dated parameters keyed by the modality's code.

- ``accompagnement.portefeuille_cible.<code>``: the target number of people per conseiller (intensive:
  « de l'ordre de 30 à 50 maximum », seed-accompagnement.md l. 97);
- ``accompagnement.cadence_points_etape.<code>``: months between two points d'étape (« de l'ordre de 3 à
  6 mois », l. 243; « cordes de rappel … tous les 3 mois » for autonomy, l. 242);
- ``accompagnement.duree_max_mois.<code>``: for a modality limited in time (intensive: « au maximum à
  12 mois », l. 239), the longest planned end; a reassessment point d'étape is due at that end. A
  modality without this key has no planned end.

A new modality needs its rows (the admin's parameters page): a missing target or cadence is shown as
such, never replaced by a figure written here.
"""

from django.core.exceptions import ValidationError

from francetravail.base.calendrier import ajouter_mois
from francetravail.parametres.lookup import ParametreIntrouvable, valeur

CIBLE = "accompagnement.portefeuille_cible."
CADENCE = "accompagnement.cadence_points_etape."
DUREE_MAX = "accompagnement.duree_max_mois."


def _valeur_ou_rien(cle, le, departement):
    try:
        return int(valeur(cle, le=le, departement=departement))
    except ParametreIntrouvable:
        return None


def duree_max_mois(code, *, le, departement=None):
    """Months a modality may last at most (None: not limited in time)."""
    return _valeur_ou_rien(DUREE_MAX + code, le, departement)


def cadence_mois(code, *, le, departement=None):
    return _valeur_ou_rien(CADENCE + code, le, departement)


def portefeuille_cible(code, *, le, departement=None):
    return _valeur_ou_rien(CIBLE + code, le, departement)


def fin_prevue_maximale(debut, duree_mois):
    """The latest planned end of a modality of ``duree_mois`` months starting on ``debut``: the same day
    number ``duree_mois`` months later (a delay in months, ``calendrier.ajouter_mois``)."""
    return ajouter_mois(debut, duree_mois)


def verifier_fin_prevue(*, debut, fin_prevue, duree_mois, libelle):
    """Raises ValidationError (on ``fin_prevue``) unless the planned end fits the modality."""
    if duree_mois is None:
        if fin_prevue is not None:
            raise ValidationError({"fin_prevue": f"La modalité « {libelle} » n'a pas de fin prévue."})
        return
    if fin_prevue is None:
        raise ValidationError(
            {"fin_prevue": f"Indiquez la fin prévue : la modalité « {libelle} » dure au plus {duree_mois} mois."}
        )
    if fin_prevue <= debut:
        raise ValidationError({"fin_prevue": "La fin prévue doit suivre le début."})
    maximum = fin_prevue_maximale(debut, duree_mois)
    if fin_prevue > maximum:
        raise ValidationError(
            {
                "fin_prevue": (
                    f"La modalité « {libelle} » dure au plus {duree_mois} mois : "
                    f"fin prévue au plus tard le {maximum:%d/%m/%Y}."
                )
            }
        )
