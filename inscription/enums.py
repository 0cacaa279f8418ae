from django.db import models


class Canal(models.TextChoices):
    EN_LIGNE = "en_ligne", "En ligne, par la personne"
    GUICHET = "guichet", "Au guichet (agence ou partenaire)"
    FLUX_CAF_MSA = "flux_caf_msa", "Flux CAF/MSA (demande de RSA)"
    HORS_LES_MURS = "hors_les_murs", "Hors les murs"


class Categorie(models.TextChoices):
    """Statistical categories of registrants (L5411-3; F and G since 1 January 2025)."""

    A = "A", "A — sans emploi, tenu de rechercher un emploi"
    B = "B", "B — activité réduite courte (78 h ou moins par mois)"
    C = "C", "C — activité réduite longue (plus de 78 h par mois)"
    D = "D", "D — non tenu de rechercher un emploi (formation, maladie…)"
    E = "E", "E — en emploi (contrat aidé, création d'entreprise…)"
    F = "F", "F — accompagnement social"
    G = "G", "G — en attente d'orientation (RSA)"


class StatutInscription(models.TextChoices):
    EN_COURS = "en_cours", "Inscription en cours"
    INSCRIT = "inscrit", "Inscrit"
    CESSEE = "cessee", "Inscription cessée"


class OrganismePayeur(models.TextChoices):
    CAF = "CAF", "Caisse d'allocations familiales"
    MSA = "MSA", "Mutualité sociale agricole"


class RoleFoyer(models.TextChoices):
    DEMANDEUR = "demandeur", "Demandeur du RSA"
    CONJOINT = "conjoint", "Conjoint, concubin ou partenaire de PACS"


class StatutImport(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours"
    TERMINE = "termine", "Terminé"
    ECHEC = "echec", "Échec"
