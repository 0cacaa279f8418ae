"""The statistical category of a registrant (L5411-3; A–E by the object of the
request and availability, F and G since 2025). Pure: it reads a dossier's fields."""

from francetravail.parametres.lookup import valeur
from inscription.enums import Categorie, Prestation, SituationProfessionnelle


def categorie_initiale(dossier, le=None):
    """The category at the end of registration (on date ``le``), before any orientation.

    RSA claimants wait for their orientation in G, whatever their activity. Category
    B is reduced activity of at most ``inscription.seuil_activite_reduite`` hours a
    month (78), C above.
    """
    if Prestation.RSA in (dossier.prestations or []):
        return Categorie.G
    situation = dossier.situation_professionnelle
    if situation in (SituationProfessionnelle.FORMATION, SituationProfessionnelle.ARRET_MALADIE):
        return Categorie.D
    if situation == SituationProfessionnelle.EMPLOI_AIDE:
        return Categorie.E
    if situation == SituationProfessionnelle.ACTIVITE_REDUITE:
        heures = dossier.heures_travaillees_mois or 0
        return Categorie.B if heures <= valeur("inscription.seuil_activite_reduite", le=le) else Categorie.C
    return Categorie.A
