"""The states and roles of the people around a file (``Implication``)."""

from django.db import models


class StatutImplication(models.TextChoices):
    """Where an implication stands. Only an accepted one, not ended nor expired, opens the file."""

    PROPOSEE = "proposee", "Proposée"
    ACCEPTEE = "acceptee", "Acceptée"
    REFUSEE = "refusee", "Refusée"
    TERMINEE = "terminee", "Terminée"


class RoleImplication(models.TextChoices):
    """What the invited side does in the file. A co-référent works the file with the référent (a
    travailleur social co-writes the diagnostic, SPEC §2.5); an intervenant runs one action of the
    plan and reads the file without writing the diagnostic."""

    CO_REFERENT = "co_referent", "Co-référent"
    INTERVENANT = "intervenant", "Intervenant"
