from django.db import models


class ActionConservation(models.TextChoices):
    """What a run of the retention sweep did to the files a rule selected (purge register)."""

    ARCHIVAGE = "archivage", "Passage en archive intermédiaire"
    ANONYMISATION = "anonymisation", "Anonymisation à la fin de l'archive"
    EFFACEMENT_CHAMPS = "effacement_champs", "Effacement de données d'une catégorie (durée plus courte)"
    SUPPRESSION = "suppression", "Suppression"
    PARTITIONS = "partitions", "Suppression de partitions mensuelles (journaux)"
    PREAVIS = "preavis", "Personne prévenue avant l'archivage"


class StatutCopie(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En préparation"
    PRETE = "prete", "Prête"
    ECHEC = "echec", "Échec"
    EXPIREE = "expiree", "Expirée"


class StatutRectification(models.TextChoices):
    OUVERTE = "ouverte", "En attente de réponse"
    RECTIFIEE = "rectifiee", "Données rectifiées"
    REFUSEE = "refusee", "Rectification refusée (motivée)"


class CategorieDonnees(models.TextChoices):
    """R5312-42's data categories, as a person names them in a rectification request."""

    IDENTITE = "identite", "Identité et coordonnées"
    DROITS = "droits", "Allocations et droit au RSA"
    SITUATION = "situation", "Situation familiale et financière"
    ORIENTATION = "orientation", "Orientation et organisme référent"
    DIAGNOSTIC = "diagnostic", "Diagnostic"
    CONTRAT = "contrat", "Contrat d'engagement et plan d'action"
    RENDEZVOUS = "rendezvous", "Rendez-vous et présences"
    SANCTIONS = "sanctions", "Manquements et sanctions"
    EMPLOI = "emploi", "Candidatures et recherche d'emploi"
    AUTRE = "autre", "Autre"
