from django.db import models

from francetravail.audit.enums import PartieDossier


class Section(models.TextChoices):
    """The parts of the diagnostic partagé (SPEC §2.5), each saved and versioned on its own.

    The last three hold the sensitive details, kept apart from the rest: they are
    separate sections (their own rows and versions), never mixed into the others'
    content, so that a reader who may not see them never loads them.
    """

    COMPETENCES = "competences", "Compétences"
    PROJET = "projet", "Projet professionnel"
    MARCHE = "marche", "Confrontation au marché du travail"
    SITUATION = "situation", "Situation globale"
    NUMERIQUE = "numerique", "Autonomie numérique et savoirs de base"
    DROITS_DEVOIRS = "droits_devoirs", "Information sur les droits et devoirs"
    FREINS = "freins", "Freins à l'emploi et solutions mobilisées"
    SANTE = "sante", "Santé : détails confidentiels"
    JUSTICE = "justice", "Situation judiciaire : détails confidentiels"
    FINANCES = "finances", "Finances : détails confidentiels"


# Each sensitive section and the part of the file its read is logged under.
PARTIES_SENSIBLES = {
    Section.SANTE: PartieDossier.DIAGNOSTIC_SANTE,
    Section.JUSTICE: PartieDossier.DIAGNOSTIC_JUSTICE,
    Section.FINANCES: PartieDossier.DIAGNOSTIC_FINANCES,
}
SECTIONS_SENSIBLES = frozenset(PARTIES_SENSIBLES)
SECTIONS_COMMUNES = tuple(s for s in Section if s not in SECTIONS_SENSIBLES)


class Severite(models.TextChoices):
    """Strength of a barrier, as the national référentiel grades it (same values as registration's)."""

    FORT = "fort", "Fort : empêche la reprise d'emploi"
    MOYEN = "moyen", "Moyen : gêne la reprise d'emploi"
    SANS_IMPACT = "sans_impact", "Sans impact sur la reprise d'emploi"


class Acquis(models.TextChoices):
    ACQUIS = "acquis", "Acquis"
    FRAGILE = "fragile", "Fragile"
    NON_ACQUIS = "non_acquis", "Non acquis"


class Autonomie(models.TextChoices):
    AUTONOME = "autonome", "Autonome"
    PARTIELLE = "partielle", "Autonome avec un appui ponctuel"
    ACCOMPAGNEMENT = "accompagnement", "A besoin d'être accompagné(e)"


class ConnaissanceMarche(models.TextChoices):
    BONNE = "bonne", "Bonne : connaît les offres, les employeurs et les exigences du métier"
    PARTIELLE = "partielle", "Partielle"
    FAIBLE = "faible", "Faible : à construire"


class MoyenTransport(models.TextChoices):
    VOITURE = "voiture", "Voiture personnelle"
    DEUX_ROUES = "deux_roues", "Deux-roues motorisé"
    TRANSPORTS_COMMUNS = "transports_communs", "Transports en commun"
    VELO_PIED = "velo_pied", "Vélo ou à pied"


class Equipement(models.TextChoices):
    ORDINATEUR = "ordinateur", "Ordinateur ou tablette"
    SMARTPHONE = "smartphone", "Smartphone"
    INTERNET = "internet", "Accès à internet à domicile"
    ADRESSE_ELECTRONIQUE = "adresse_electronique", "Adresse électronique utilisée"
