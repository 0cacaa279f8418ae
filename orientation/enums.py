from django.db import models

from francetravail.reseau.enums import TypeOrganisation


class Parcours(models.TextChoices):
    """The three parcours of the CNE référentiel (arrêté of 21 Nov. 2024)."""

    PROFESSIONNEL = "professionnel", "Parcours professionnel (emploi)"
    SOCIO_PROFESSIONNEL = "socio_professionnel", "Parcours socio-professionnel"
    SOCIAL = "social", "Parcours social"


class TypeOrganismeReferent(models.TextChoices):
    """Kinds of organisme référent (L5411-5-1 IV).

    The values are those of ``TypeOrganisation`` so that a proposal maps directly to
    the organisations of the network.
    """

    FRANCE_TRAVAIL = TypeOrganisation.AGENCE_FRANCE_TRAVAIL.value, "France Travail"
    MISSION_LOCALE = TypeOrganisation.MISSION_LOCALE.value, "Mission locale"
    CAP_EMPLOI = TypeOrganisation.CAP_EMPLOI.value, "Cap emploi"
    CONSEIL_DEPARTEMENTAL = TypeOrganisation.CONSEIL_DEPARTEMENTAL.value, "Conseil départemental"


class SeProjette(models.TextChoices):
    OUI = "oui", "Oui"
    NON = "non", "Non"
    INCERTAIN = "incertain", "Ne sait pas encore"


class NiveauQualification(models.TextChoices):
    INFRA_3 = "infra_3", "Sans diplôme ou niveau 2"
    NIVEAU_3 = "niveau_3", "CAP, BEP"
    NIVEAU_4 = "niveau_4", "Baccalauréat"
    NIVEAU_5_PLUS = "niveau_5_plus", "Bac + 2 et plus"


class IntensiteFreins(models.TextChoices):
    FORT = "fort", "Forts"
    MOYEN = "moyen", "Moyens"
    SANS_IMPACT = "sans_impact", "Sans impact sur l'emploi"


class StatutVersion(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    PUBLIEE = "publiee", "Publiée"
    RETIREE = "retiree", "Retirée"


class StatutDecision(models.TextChoices):
    """Where an orientation decision stands; « notifiée » is a date (``notifiee_le``), written with the decision."""

    PROPOSEE = "proposee", "Proposée par les règles"
    GIRATOIRE = "giratoire", "Entretien giratoire à mener"
    CONFIRMEE = "confirmee", "Confirmée"
    MODIFIEE = "modifiee", "Décidée autrement que proposé"


# A person has at most one decision in these statuses (database constraint).
STATUTS_OUVERTS = (StatutDecision.PROPOSEE, StatutDecision.GIRATOIRE)
STATUTS_DECIDES = (StatutDecision.CONFIRMEE, StatutDecision.MODIFIEE)


class FileDecision(models.TextChoices):
    """Whose queue a pending decision is in."""

    ORIENTEUR = "orienteur", "Orienteur compétent"
    # CASF D262-65-2: bRSA not oriented by the département within the delay.
    FRANCE_TRAVAIL = "france_travail", "France Travail (délai RSA dépassé)"
