"""Choices of the employers' side: companies, offers, applications, immersions, counsellors' tasks."""

from django.db import models


class RoleEntreprise(models.TextChoices):
    ADMIN = "admin", "Administrateur de l'entreprise"
    RECRUTEUR = "recruteur", "Recruteur"


class StatutMembre(models.TextChoices):
    # The first user of a company is active at once; later ones wait for an admin's approval.
    EN_ATTENTE = "en_attente", "En attente de validation"
    ACTIF = "actif", "Actif"
    REFUSE = "refuse", "Refusé"


class TrancheEffectif(models.TextChoices):
    """INSEE headcount bands of the SIRENE register (tranche d'effectif salarié)."""

    NN = "NN", "Non renseignée"
    T00 = "00", "0 salarié"
    T01 = "01", "1 ou 2 salariés"
    T02 = "02", "3 à 5 salariés"
    T03 = "03", "6 à 9 salariés"
    T11 = "11", "10 à 19 salariés"
    T12 = "12", "20 à 49 salariés"
    T21 = "21", "50 à 99 salariés"
    T22 = "22", "100 à 199 salariés"
    T31 = "31", "200 à 249 salariés"
    T32 = "32", "250 à 499 salariés"
    T41 = "41", "500 à 999 salariés"
    T42 = "42", "1 000 à 1 999 salariés"
    T51 = "51", "2 000 à 4 999 salariés"
    T52 = "52", "5 000 à 9 999 salariés"
    T53 = "53", "10 000 salariés et plus"


class TypeContrat(models.TextChoices):
    CDI = "cdi", "CDI"
    CDD = "cdd", "CDD"
    INTERIM = "interim", "Intérim (mission de travail temporaire)"
    ALTERNANCE = "alternance", "Alternance (apprentissage ou professionnalisation)"
    SAISONNIER = "saisonnier", "Contrat saisonnier"
    AIDE_IAE = "aide_iae", "Contrat aidé ou insertion par l'activité économique"
    INDEPENDANT = "independant", "Mission en indépendant ou franchise"


# Contracts that have a fixed duration (in months) to state.
CONTRATS_A_DUREE = frozenset({TypeContrat.CDD, TypeContrat.INTERIM, TypeContrat.SAISONNIER, TypeContrat.ALTERNANCE})


class TempsTravail(models.TextChoices):
    PLEIN = "plein", "Temps plein"
    PARTIEL = "partiel", "Temps partiel"


class StatutOffre(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    A_VALIDER = "a_valider", "À valider par un conseiller"
    PUBLIEE = "publiee", "Publiée"
    POURVUE = "pourvue", "Pourvue"
    EXPIREE = "expiree", "Expirée"
    RETIREE = "retiree", "Retirée"


STATUTS_OFFRE_CLOS = (StatutOffre.POURVUE, StatutOffre.EXPIREE, StatutOffre.RETIREE)


class OrigineCandidature(models.TextChoices):
    CANDIDATURE = "candidature", "Candidature de la personne"
    MISE_EN_RELATION = "mise_en_relation", "Mise en relation par un conseiller"


class StatutCandidature(models.TextChoices):
    ENVOYEE = "envoyee", "Envoyée"
    VUE = "vue", "Vue par l'employeur"
    ENTRETIEN = "entretien", "Entretien"
    ACCEPTEE = "acceptee", "Acceptée"
    EMBAUCHE = "embauche", "Embauche"
    REFUSEE = "refusee", "Refusée"


STATUTS_CANDIDATURE_CLOS = (StatutCandidature.EMBAUCHE, StatutCandidature.REFUSEE)


class MotifRefus(models.TextChoices):
    PROFIL = "profil", "Le profil ne correspond pas au poste"
    POSTE_POURVU = "poste_pourvu", "Le poste a été pourvu"
    CANDIDAT_DESISTE = "desistement", "La personne s'est désistée"
    INJOIGNABLE = "injoignable", "La personne n'a pas pu être jointe"
    AUTRE = "autre", "Autre motif (précisé)"


class StatutImmersion(models.TextChoices):
    DEMANDEE = "demandee", "Demandée"
    VALIDEE = "validee", "Convention signée par les trois parties"
    TERMINEE = "terminee", "Terminée, bilan fait"
    ANNULEE = "annulee", "Annulée"


class TypeTache(models.TextChoices):
    RAPPEL_48H = "rappel_48h", "Rappeler le nouvel employeur (48 heures)"
    RELANCE_30J = "relance_30j", "Relancer l'offre non pourvue (30 jours)"


class Proximite(models.IntegerChoices):
    """How close a person lives to a job. The COG gives communes no coordinates (and this machine
    reaches no geographic service), so distance is read in administrative rings."""

    COMMUNE = 3, "Même commune"
    DEPARTEMENT = 2, "Même département"
    REGION = 1, "Même région"
    AUTRE = 0, "Plus loin"
