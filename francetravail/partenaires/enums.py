from django.db import models


class EvenementWebhook(models.TextChoices):
    """What an organisation may subscribe to. A delivery says what happened and where to read it
    through the API (ids and links), never the content of a file."""

    PERSONNE_ORIENTEE = "personne.orientee", "Personne orientée vers l'organisation"
    RENDEZVOUS_PRIS = "rendezvous.pris", "Rendez-vous pris"
    RENDEZVOUS_HONORE = "rendezvous.honore", "Rendez-vous honoré"
    RENDEZVOUS_MANQUE = "rendezvous.manque", "Rendez-vous manqué"
    RENDEZVOUS_ANNULE = "rendezvous.annule", "Rendez-vous annulé"
    CONTRAT_SIGNE = "contrat.signe", "Contrat d'engagement signé"
    CONTRAT_REVISE = "contrat.revise", "Contrat d'engagement révisé"
    PROCEDURE_ETAPE = "procedure.etape", "Étape d'une procédure de sanction"
    CANDIDATURE_STATUT = "candidature.statut", "Statut d'une candidature"


class StatutLivraison(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    LIVREE = "livree", "Livrée"
    ECHEC = "echec", "En échec (abandonnée)"
