from django.db import models


class Canal(models.TextChoices):
    EN_LIGNE = "en_ligne", "En ligne, par la personne"
    GUICHET = "guichet", "Au guichet (agence ou partenaire)"
    FLUX_CAF_MSA = "flux_caf_msa", "Flux CAF/MSA (demande de RSA)"
    HORS_LES_MURS = "hors_les_murs", "Hors les murs"


class Categorie(models.TextChoices):
    """Statistical categories of registrants (L5411-3; F and G since 1 January 2025)."""

    A = "A", "A — sans emploi, tenu de rechercher un emploi"
    B = "B", "B — activité réduite courte (78 h ou moins par mois)"
    C = "C", "C — activité réduite longue (plus de 78 h par mois)"
    D = "D", "D — non tenu de rechercher un emploi (formation, maladie…)"
    E = "E", "E — en emploi (contrat aidé, création d'entreprise…)"
    F = "F", "F — accompagnement social"
    G = "G", "G — en attente d'orientation (RSA)"


class StatutInscription(models.TextChoices):
    EN_COURS = "en_cours", "Inscription en cours"
    INSCRIT = "inscrit", "Inscrit"
    CESSEE = "cessee", "Inscription cessée"


class MotifFinAccompagnement(models.TextChoices):
    """Why the référent ends an accompaniment (inscription.actions.terminer_accompagnement)."""

    REPRISE_EMPLOI = "reprise_emploi", "Reprise d'emploi"
    FORMATION = "formation", "Entrée en formation"
    # A move within France is a transfer, not an end (orientation.actions.demenager): the file follows the person.
    DEMENAGEMENT = "demenagement", "Déménagement à l'étranger"
    RADIATION = "radiation", "Radiation"
    FIN_DE_DROITS = "fin_de_droits", "Fin de droits"
    DECES = "deces", "Décès"
    DEMANDE_PERSONNE = "demande_personne", "Demande de la personne"
    AUTRE = "autre", "Autre"


class OrganismePayeur(models.TextChoices):
    CAF = "CAF", "Caisse d'allocations familiales"
    MSA = "MSA", "Mutualité sociale agricole"


class RoleFoyer(models.TextChoices):
    DEMANDEUR = "demandeur", "Demandeur du RSA"
    CONJOINT = "conjoint", "Conjoint, concubin ou partenaire de PACS"


class StatutImport(models.TextChoices):
    EN_ATTENTE = "en_attente", "En attente"
    EN_COURS = "en_cours", "En cours"
    TERMINE = "termine", "Terminé"
    ECHEC = "echec", "Échec"


class Nationalite(models.TextChoices):
    FRANCAISE = "francaise", "Française"
    UE = "ue", "D'un pays de l'Union européenne, de l'EEE ou suisse"
    HORS_UE = "hors_ue", "D'un autre pays"


class SituationFamiliale(models.TextChoices):
    SEUL = "seul", "Seul(e)"
    COUPLE = "couple", "En couple (marié, pacsé ou en concubinage)"


class Logement(models.TextChoices):
    PROPRIETAIRE = "proprietaire", "Propriétaire"
    LOCATAIRE = "locataire", "Locataire"
    HEBERGE = "heberge", "Hébergé(e) par un proche"
    FOYER = "foyer", "En foyer ou en structure d'hébergement"
    SANS_DOMICILE = "sans_domicile", "Sans domicile stable"


class SituationProfessionnelle(models.TextChoices):
    SANS_EMPLOI = "sans_emploi", "Sans emploi"
    ACTIVITE_REDUITE = "activite_reduite", "En emploi à temps partiel ou par missions"
    EMPLOI_AIDE = "emploi_aide", "En contrat aidé ou en création d'entreprise"
    FORMATION = "formation", "En formation"
    ARRET_MALADIE = "arret_maladie", "En arrêt maladie"


class Prestation(models.TextChoices):
    RSA = "rsa", "Revenu de solidarité active (RSA)"
    ARE = "are", "Allocation d'aide au retour à l'emploi (ARE)"
    ASS = "ass", "Allocation de solidarité spécifique (ASS)"
    AAH = "aah", "Allocation aux adultes handicapés (AAH)"
    AUCUNE = "aucune", "Aucune"


class NiveauFrancais(models.TextChoices):
    MATERNELLE = "maternelle", "Langue maternelle"
    COURANT = "courant", "Courant"
    INTERMEDIAIRE = "intermediaire", "Je me débrouille"
    DEBUTANT = "debutant", "Débutant"


class NiveauQualification(models.TextChoices):
    # The same values as orientation's criterion (the rule engine reads them).
    INFRA_3 = "infra_3", "Sans diplôme ou niveau 2"
    NIVEAU_3 = "niveau_3", "CAP, BEP"
    NIVEAU_4 = "niveau_4", "Baccalauréat"
    NIVEAU_5_PLUS = "niveau_5_plus", "Bac + 2 et plus"


class Disponibilite(models.TextChoices):
    IMMEDIATE = "immediate", "Tout de suite"
    UN_MOIS = "un_mois", "Dans le mois"
    PLUS_TARD = "plus_tard", "Plus tard"


class SeProjette(models.TextChoices):
    OUI = "oui", "Oui"
    INCERTAIN = "incertain", "Je ne sais pas encore"
    NON = "non", "Non, pas pour le moment"


class TypeFrein(models.TextChoices):
    """The barriers of SPEC §2.5 (report L.3409–3411)."""

    LOGEMENT = "logement", "Logement"
    SANTE = "sante", "Santé"
    MOBILITE = "mobilite", "Mobilité"
    SAVOIRS_DE_BASE = "savoirs_de_base", "Savoirs de base (lire, écrire, compter)"
    NUMERIQUE = "numerique", "Numérique"
    LANGUE = "langue", "Langue française"
    FAMILLE = "famille", "Situation familiale, garde d'enfants, proche aidant"
    ADMINISTRATIF_JUDICIAIRE = "administratif_judiciaire", "Situation administrative ou judiciaire"
    FINANCIER = "financier", "Situation financière"
    AUTRE = "autre", "Autre difficulté"


class IntensiteFrein(models.TextChoices):
    FORT = "fort", "Ça m'empêche de travailler"
    MOYEN = "moyen", "Ça me gêne"
    SANS_IMPACT = "sans_impact", "Pas de difficulté"


class MaturiteProjet(models.TextChoices):
    AUCUN = "aucun", "Je n'ai pas encore de projet"
    A_PRECISER = "a_preciser", "J'ai une idée à préciser"
    DEFINI = "defini", "Mon projet est défini"
    PRET = "pret", "Je cherche déjà un emploi dans ce métier"


class AccompagnementSouhaite(models.TextChoices):
    AUTONOMIE = "autonomie", "Chercher par moi-même, avec des outils et des conseils ponctuels"
    SUIVI = "suivi", "Être suivi(e) régulièrement par un conseiller"
    RENFORCE = "renforce", "Un accompagnement renforcé, y compris pour mes difficultés"


class PreferenceStructure(models.TextChoices):
    SANS_PREFERENCE = "sans_preference", "Pas de préférence"
    FRANCE_TRAVAIL = "agence_ft", "France Travail"
    MISSION_LOCALE = "mission_locale", "Une mission locale (moins de 26 ans)"
    CAP_EMPLOI = "cap_emploi", "Cap emploi (situation de handicap)"
    DEPARTEMENT = "conseil_departemental", "Les services sociaux du département"


class StatutDoublon(models.TextChoices):
    A_EXAMINER = "a_examiner", "À examiner"
    ECARTE = "ecarte", "Écarté : personnes distinctes"
    FUSIONNE = "fusionne", "Fusionné"


class FormatFlux(models.TextChoices):
    """How an import's file is read (inscription/flux)."""

    CSV_PLATEFORME = "csv_plateforme", "CSV historique de la plateforme"
    VRSB0801 = "vrsb0801", "Flux CNAF bénéficiaires RSA (XML VRSB0801)"
    VRSD0301 = "vrsd0301", "Flux CNAF bénéficiaires RSA (XML VRSD0301)"
    TABLEUR = "tableur", "Export départemental (CSV ou XLSX, selon une correspondance de colonnes)"


class TypeFlux(models.TextChoices):
    STOCK_MENSUEL = "M", "Stock mensuel"
    QUOTIDIEN = "I", "Flux quotidien (changements)"


class EtatDroitRSA(models.TextChoices):
    """ETATDOSRSA of the CNAF flow (caf-msa-flux.md §3); an unknown code is kept on the household as is."""

    DEMANDE = "0", "Demande en attente de la décision du département"
    REFUSE = "1", "Droit refusé"
    OUVERT = "2", "Droit ouvert et versable"
    SUSPENDU_DROIT = "3", "Droit ouvert, droit suspendu"
    SUSPENDU_VERSEMENT = "4", "Droit ouvert, versement suspendu"
    CLOS = "5", "Droit clos"
    CLOS_REGULARISE = "6", "Droit clos un mois antérieur, régularisé ce mois"


# The rights whose members subject to the droits et devoirs are oriented (WebRSA's perimeter, §5).
ETATS_OUVERTS = frozenset({EtatDroitRSA.OUVERT, EtatDroitRSA.SUSPENDU_DROIT, EtatDroitRSA.SUSPENDU_VERSEMENT})
ETATS_CLOS = frozenset({EtatDroitRSA.CLOS, EtatDroitRSA.CLOS_REGULARISE, EtatDroitRSA.REFUSE})


class ResultatLigne(models.TextChoices):
    """What a line (a household) of an import did, for its report."""

    CREEE = "creee", "Personne(s) inscrite(s)"
    MISE_A_JOUR = "mise_a_jour", "Mise à jour"
    INCHANGEE = "inchangee", "Sans changement"
    CLOTUREE = "cloturee", "Droit clos"
    IGNOREE = "ignoree", "Ignorée"
    REJETEE = "rejetee", "Rejetée"


class AbsentsDuStock(models.TextChoices):
    """What a monthly stock does to the rights of the département it no longer lists (département's setting)."""

    A_EXAMINER = "a_examiner", "Les signaler à examiner (aucune clôture automatique)"
    CLORE = "clore", "Clore leur droit"
    IGNORER = "ignorer", "Ne rien faire"
