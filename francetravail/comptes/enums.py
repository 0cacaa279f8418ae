from django.db import models


class TypeCompte(models.TextChoices):
    PERSONNE = "personne", "Personne accompagnée"
    EMPLOYEUR = "employeur", "Employeur"
    PROFESSIONNEL = "professionnel", "Professionnel du réseau"


# Account kinds anyone may create from the public sign-up page. Professionals are
# created by an administrator or by their organisation's admin, never by sign-up.
TYPES_INSCRIPTION_PUBLIQUE = (TypeCompte.PERSONNE, TypeCompte.EMPLOYEUR)
