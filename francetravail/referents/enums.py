from django.db import models


class CritereAttribution(models.TextChoices):
    """How an organisation's rule picks the référent of each person of its queue (``regles.STRATEGIES``).

    A new criterion (e.g. « par modalité d'accompagnement ») is a value here, a strategy in
    ``regles.STRATEGIES`` and, if it needs one, a mapping table like ``AffectationCommune``."""

    MOINS_CHARGE = "moins_charge", "Le conseiller le moins chargé de l'équipe"
    PAR_COMMUNE = "par_commune", "Par commune de résidence (commune → conseiller)"


class NatureDesignation(models.TextChoices):
    DESIGNATION = "designation", "Désignation"
    REGLE = "regle", "Désignation par la règle de l'organisation"
    CHANGEMENT = "changement", "Changement de référent"
    TRANSFERT = "transfert", "Transfert de portefeuille"
