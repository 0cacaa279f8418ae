from django.db import models


class TypeOrganisation(models.TextChoices):
    AGENCE_FRANCE_TRAVAIL = "agence_ft", "Agence France Travail"
    MISSION_LOCALE = "mission_locale", "Mission locale"
    CAP_EMPLOI = "cap_emploi", "Cap emploi"
    CONSEIL_DEPARTEMENTAL = "conseil_departemental", "Conseil départemental"
    DELEGATAIRE_DEPARTEMENTAL = "delegataire", "Délégataire du département"
    PARTENAIRE = "partenaire", "Partenaire"


class Role(models.TextChoices):
    CONSEILLER = "conseiller", "Conseiller"
    TRAVAILLEUR_SOCIAL = "travailleur_social", "Travailleur social"
    DECIDEUR_DEPARTEMENTAL = "decideur_departemental", "Décideur départemental"
    EQUIPE_PLURIDISCIPLINAIRE = "equipe_pluridisciplinaire", "Équipe pluridisciplinaire"
    MEDIATEUR = "mediateur", "Médiateur"
    PILOTE = "pilote", "Pilote"
    ADMIN_ORGANISATION = "admin_organisation", "Administrateur d'organisation"
    # The France Travail regional director's delegates (R5412-4) and the Mission locale's
    # legal representative or delegate (CEJ/PACEA allowances, R5412-3-3): they decide sanctions.
    DELEGUE_SANCTIONS = "delegue_sanctions", "Délégataire pour les décisions de sanction"
    # Runs a team of référents (seed-accompagnement: portfolios, modalities): designates the référent
    # unique of the people the organisation accompanies, transfers portfolios, watches loads.
    RESPONSABLE_EQUIPE = "responsable_equipe", "Responsable d'équipe"
    # France Travail's data protection officer and their team (R5312-45, issue 21): reads the purge
    # register and, with a logged reason, a file in the intermediate archive. Reads no active file.
    PROTECTION_DONNEES = "protection_donnees", "Délégué à la protection des données"


class StatutRattachement(models.TextChoices):
    """Whether a membership is in force. Attaching a professional who already belongs to another
    organisation waits for that organisation's confirmation; until then it grants nothing."""

    CONFIRME = "confirme", "Confirmé"
    EN_ATTENTE = "en_attente", "En attente de confirmation"
    REFUSE = "refuse", "Refusé par l'organisation du professionnel"


# Roles that work individual files (accompaniment): they see the people their
# organisation is référent for or is involved with.
ROLES_ACCOMPAGNEMENT = frozenset({Role.CONSEILLER, Role.TRAVAILLEUR_SOCIAL})
# Roles of the département that see every person living in their département.
ROLES_DEPARTEMENTAUX = frozenset({Role.DECIDEUR_DEPARTEMENTAL, Role.EQUIPE_PLURIDISCIPLINAIRE})
# Roles that may use the national search (identity, contact, organisme référent only).
ROLES_RECHERCHE_NATIONALE = ROLES_ACCOMPAGNEMENT | ROLES_DEPARTEMENTAUX
# Roles that open people's files in the back-office (lists, person page, API). The responsable d'équipe
# reads the files of the people their organisation is référent for (francetravail/personnes/acces.py).
ROLES_DOSSIERS = ROLES_ACCOMPAGNEMENT | ROLES_DEPARTEMENTAUX | {Role.MEDIATEUR, Role.RESPONSABLE_EQUIPE}


class TypeCommune(models.TextChoices):
    COMMUNE = "COM", "Commune"
    DELEGUEE = "COMD", "Commune déléguée"
    ASSOCIEE = "COMA", "Commune associée"
    ARRONDISSEMENT = "ARM", "Arrondissement municipal"
