"""The vocabulary of manquements and of the suspension-remobilisation procedure
(C. trav. L5412-1, R5412-1 to R5412-7-1; CASF L262-37, R262-68 to R262-68-7;
décret 2025-478 of 30 May 2025). ``../shared/reference/legal-rules.md`` §4."""

from django.db import models


class TypeManquement(models.TextChoices):
    M1 = "m1", "M1 — assiduité, participation ou actes positifs (L5412-1 I)"
    M1_PRP = "m1_prp", "M1-PRP — projet de reconversion professionnelle non réalisé (L5412-1 I)"
    M2 = "m2", "M2 — refus d'élaborer ou d'actualiser le contrat (L5412-1 II)"
    M3 = "m3", "M3 — refus de deux offres raisonnables d'emploi (L5412-1 III)"
    M4 = "m4", "M4 — fraude ou fausse déclaration (L5412-1 IV)"
    M4_BIS = "m4_bis", "M4-bis — activité non déclarée de très courte durée (R5412-3-2)"
    RSA_REFUS_CONTRAT = "rsa_refus_contrat", "RSA — refus du contrat (CASF L262-37 I 1°)"
    RSA_NON_RESPECT = "rsa_non_respect", "RSA — non-respect du contrat (CASF L262-37 I 2°)"
    RSA_REFUS_CONTROLE = "rsa_refus_controle", "RSA — refus de se soumettre aux contrôles (CASF L262-37 II 3°)"


MANQUEMENTS_RSA = frozenset(
    {TypeManquement.RSA_REFUS_CONTRAT, TypeManquement.RSA_NON_RESPECT, TypeManquement.RSA_REFUS_CONTROLE}
)


class SourceManquement(models.TextChoices):
    ABSENCE = "absence", "Absence non excusée à un rendez-vous"
    SIGNALEMENT = "signalement", "Signalement du référent"
    CONTROLE_ALEATOIRE = "controle_aleatoire", "Contrôle aléatoire"
    CONTROLE_CIBLE = "controle_cible", "Contrôle ciblé"
    CONTRAT_NON_SIGNE = "contrat_non_signe", "Contrat non signé dans le délai"


class Public(models.TextChoices):
    """Which scale applies: it depends on what the person receives (legal-rules.md §4.2)."""

    ALLOCATION = "allocation", "Revenu de remplacement ou allocation CEJ / PACEA"
    RSA = "rsa", "Revenu de solidarité active"
    SANS_ALLOCATION = "sans_allocation", "Sans allocation"


class Mesure(models.TextChoices):
    AVERTISSEMENT = "avertissement", "Avertissement (délai pour mettre fin au manquement)"
    SUSPENSION = "suspension", "Suspension"
    SUPPRESSION = "suppression", "Suppression"
    RADIATION = "radiation", "Radiation de la liste des demandeurs d'emploi"


class StatutProcedure(models.TextChoices):
    """Where a procedure stands; transitions are declared on ``ProcedureSanction``."""

    OUVERTE = "ouverte", "Ouverte"
    EXAMEN = "examen", "Examen global de la situation"
    CLASSEE = "classee", "Classée sans suite"
    AVERTISSEMENT_NOTIFIE = "avertissement_notifie", "Avertissement préalable notifié"
    OBSERVATIONS_RECUES = "observations_recues", "Observations reçues"
    # Asked within the 10 days and not held yet: the case stays in the contradictory phase (R5412-7).
    AUDITION_DEMANDEE = "audition_demandee", "Audition demandée"
    AUDITION_TENUE = "audition_tenue", "Audition tenue"
    # The person did not come to the hearing they asked for (``actions.constater_absence_audition``).
    AUDITION_MANQUEE = "audition_manquee", "Absence à l'audition demandée"
    DELAI_EXPIRE = "delai_expire", "Délai d'observations expiré"
    A_DECIDER = "a_decider", "À décider"
    DECISION_NOTIFIEE = "decision_notifiee", "Décision notifiée"
    SANCTION_EN_COURS = "sanction_en_cours", "Sanction en cours"
    LEVEE = "levee", "Levée par remobilisation"
    ECHUE = "echue", "Échue"
    ANNULEE = "annulee", "Annulée sur recours"


class StatutRecours(models.TextChoices):
    DEMANDE = "demande", "Recours demandé"
    INSTRUCTION = "instruction", "En instruction"
    MAINTENUE = "maintenue", "Décision maintenue"
    REFORMEE = "reformee", "Décision réformée"
    ANNULEE = "annulee", "Décision annulée"


class VoieRecours(models.TextChoices):
    """The mandatory first step before court (legal-rules.md §4.7)."""

    MEDIATION = "mediation", "Médiation préalable obligatoire (médiateur régional de France Travail)"
    RAPO = "rapo", "Recours administratif préalable obligatoire auprès du président du conseil départemental"


class SourceFoyer(models.TextChoices):
    """Where the RSA household the 50 % cap depends on was read (CASF R262-68-6; ``sanctions.foyer``)."""

    FLUX_CAF = "flux_caf", "Flux CAF"
    FLUX_MSA = "flux_msa", "Flux MSA"
    INSCRIPTION = "inscription", "Dossier d'inscription"
    CORRECTION = "correction", "Correction motivée du décideur"
    INCONNUE = "inconnue", "Inconnue"
    # Decisions taken before the household was read: the boxes the decider ticked then.
    CASES_A_COCHER = "cases_a_cocher", "Cases cochées lors de la décision"


class StatutFinDroit(models.TextChoices):
    """The end of the RSA right (CASF R262-68; R262-40 3°): decided and notified, or annulled on appeal."""

    NOTIFIEE = "notifiee", "Décidée et notifiée"
    ANNULEE = "annulee", "Annulée sur recours"
