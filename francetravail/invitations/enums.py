from django.db import models


class CanalInvitation(models.TextChoices):
    EMAIL = "email", "Courriel"
    SMS = "sms", "SMS"
    COURRIER = "courrier", "Courrier postal"


class StatutInvitation(models.TextChoices):
    """An invitation runs from its sending until a slot is booked through it, it expires, or it is
    withdrawn (a newer invitation for the same motif, the end of the right, the end of the accompaniment)."""

    ENVOYEE = "envoyee", "Envoyée"
    RELANCEE = "relancee", "Relancée"
    UTILISEE = "utilisee", "Rendez-vous pris"
    EXPIREE = "expiree", "Expirée"
    RETIREE = "retiree", "Retirée"


# An invitation whose link still lets the person book.
STATUTS_INVITATION_OUVERTE = (StatutInvitation.ENVOYEE, StatutInvitation.RELANCEE)


class TypeEnvoi(models.TextChoices):
    INVITATION = "invitation", "Invitation"
    RELANCE = "relance", "Relance"


class StatutLot(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    TERMINE = "termine", "Terminé"
    ECHEC = "echec", "Échec"


class StatutDemandeRappel(models.TextChoices):
    A_TRAITER = "a_traiter", "À rappeler"
    TRAITEE = "traitee", "Rappelée"


class CleFormulation(models.TextChoices):
    """The texts a département may word its own way (national text by default, ``formulations.py``)."""

    INVITATION_EMAIL = "invitation_email", "Invitation — courriel"
    INVITATION_SMS = "invitation_sms", "Invitation — SMS"
    INVITATION_COURRIER = "invitation_courrier", "Invitation — courrier"
    RELANCE_EMAIL = "relance_email", "Relance — courriel"
    RELANCE_SMS = "relance_sms", "Relance — SMS"
    RELANCE_COURRIER = "relance_courrier", "Relance — courrier"
