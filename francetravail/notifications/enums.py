from django.db import models


class Canal(models.TextChoices):
    EMAIL = "email", "Courriel"
    SMS = "sms", "SMS"
    IN_APP = "in_app", "Message dans l'espace"


class Statut(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente d'envoi"
    ENVOYEE = "envoyee", "Envoyée"
    ECHEC = "echec", "Échec définitif"


class StatutRemise(models.TextChoices):
    """What the provider later said about a sent message (its signed callbacks, ``notifications.remise``)."""

    INCONNUE = "inconnue", "Pas encore de retour"
    REMISE = "remise", "Remise au destinataire"
    DIFFEREE = "differee", "Remise différée (nouvel essai du fournisseur)"
    REBOND = "rebond", "Non remise : adresse ou numéro invalide"
    REJETEE = "rejetee", "Refusée par le fournisseur"
