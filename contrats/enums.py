from django.db import models


class StatutContrat(models.TextChoices):
    """Where a contrat d'engagement stands; transitions are declared on ``ContratEngagement``."""

    BROUILLON = "brouillon", "Brouillon"
    SOUMIS = "soumis", "Soumis à la personne"
    ACCEPTE = "accepte", "Accepté par la personne"
    SIGNE = "signe", "Signé"


class AmenagementDuree(models.TextChoices):
    """The two adjustments of the 15-hour weekly activity (L5411-6)."""

    AUCUN = "aucun", "Durée hebdomadaire d'au moins 15 heures"
    MINORATION = "minoration", "Durée minorée (jamais nulle)"
    DISPENSE = "dispense", "Sans durée hebdomadaire, à la demande de la personne"


class MotifDispense(models.TextChoices):
    """The only grounds for a contract without weekly hours (L5411-6), closed list."""

    SANTE = "sante", "État de santé"
    HANDICAP = "handicap", "Handicap"
    INVALIDITE = "invalidite", "Invalidité"
    PARENT_ISOLE = "parent_isole", "Parent isolé sans solution de garde pour un enfant de moins de douze ans"


class TypeAction(models.TextChoices):
    """Kinds of individual engagements of the plan d'action (R5411-15)."""

    FORMATION = "formation", "Formation"
    IMMERSION = "immersion", "Immersion professionnelle (PMSMP)"
    RECHERCHE_EMPLOI = "recherche_emploi", "Recherche d'emploi"
    ATELIER_COLLECTIF = "atelier_collectif", "Atelier collectif"
    SANTE = "sante", "Démarche de santé"
    LOGEMENT = "logement", "Logement"
    MOBILITE = "mobilite", "Mobilité"
    GARDE_ENFANTS = "garde_enfants", "Garde d'enfants"
    ACCES_DROITS = "acces_droits", "Accès aux droits"
    ACCOMPAGNEMENT_SOCIAL = "accompagnement_social", "Accompagnement social"
    CREATION_ACTIVITE = "creation_activite", "Création d'activité"
    AUTRE = "autre", "Autre"


class PorteurAction(models.TextChoices):
    PERSONNE = "personne", "La personne"
    ORGANISME = "organisme", "L'organisme accompagnateur"


class StatutAction(models.TextChoices):
    PREVUE = "prevue", "Prévue"
    EN_COURS = "en_cours", "En cours"
    REALISEE = "realisee", "Réalisée"
    ABANDONNEE = "abandonnee", "Abandonnée"
