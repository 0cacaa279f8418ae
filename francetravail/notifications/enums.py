from django.db import models


class Canal(models.TextChoices):
    EMAIL = "email", "Courriel"
    SMS = "sms", "SMS"
    IN_APP = "in_app", "Message dans l'espace"


class Statut(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente d'envoi"
    ENVOYEE = "envoyee", "Envoyée"
    ECHEC = "echec", "Échec définitif"
