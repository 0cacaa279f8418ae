"""How long the platform keeps each kind of data, as the people read it on the « Données personnelles »
page and in « Mes données »: read from the dated legal parameters in force on the day (never a figure
written in a template), with their article, and whether the text in force was checked."""

from dataclasses import dataclass

from django.utils import timezone

from francetravail.parametres.lookup import parametre
from francetravail.parametres.models import Unite

# (parameter key, what it keeps, in a sentence a person reads), in the order of the page.
DUREES = (
    (
        "conservation.base_active",
        "Votre dossier reste accessible aux professionnels qui vous accompagnent pendant {duree} après la fin de "
        "votre accompagnement ou votre dernière activité.",
    ),
    (
        "conservation.archive_intermediaire",
        "Il passe ensuite en archive intermédiaire pendant {duree} : il sort de toutes les listes et recherches, "
        "seul le délégué à la protection des données peut le consulter, pour un motif enregistré. Il est ensuite "
        "anonymisé : seuls restent des chiffres qui ne permettent pas de vous identifier.",
    ),
    (
        "conservation.incarceration",
        "Les informations sur une incarcération sont effacées {duree} après la libération.",
    ),
    (
        "conservation.handicap",
        "Les informations sur un handicap sont effacées {duree} après la fin de la reconnaissance de la qualité "
        "de travailleur handicapé (RQTH) ou de l’inscription.",
    ),
    (
        "conservation.non_inscrit",
        "Les données d’une personne qui a utilisé les services en ligne sans jamais s’inscrire sont effacées "
        "après {duree} sans activité.",
    ),
    (
        "conservation.caf_non_demandeur",
        "Les données transmises par la CAF ou la MSA sur une personne qui n’est pas demandeur d’emploi "
        "(allocation aux adultes handicapés, prime d’activité) sont conservées {duree} au plus.",
    ),
    (
        "conservation.journaux",
        "Le journal des consultations de votre dossier et celui des envois de notifications sont conservés {duree}.",
    ),
)


@dataclass(frozen=True)
class Duree:
    cle: str
    texte: str
    duree: str
    reference_legale: str
    confirmee: bool


def en_clair(ligne):
    """« 3 ans », « 1 an », « 13 mois »: a parameter's value with its unit, as a person reads it."""
    nombre = ligne.valeur.normalize()
    nombre = f"{nombre:f}".replace(".", ",")
    if ligne.unite == Unite.ANS:
        return f"{nombre} an" if ligne.valeur == 1 else f"{nombre} ans"
    if ligne.unite == Unite.JOURS:
        return f"{nombre} jour" if ligne.valeur == 1 else f"{nombre} jours"
    return f"{nombre} {ligne.get_unite_display()}"


def duree(cle, le=None):
    """The value of the parameter ``cle`` in force on ``le`` (today by default), in words."""
    return en_clair(parametre(cle, le=le or timezone.localdate()))


@dataclass(frozen=True)
class Durees:
    lignes: list
    # Some value in force comes from a text not checked yet (R5312-44 from 1 July 2026): the page says so.
    a_verifier: bool


def durees_de_conservation(le=None):
    le = le or timezone.localdate()
    lignes = []
    for cle, texte in DUREES:
        ligne = parametre(cle, le=le)
        valeur = en_clair(ligne)
        lignes.append(Duree(cle, texte.format(duree=valeur), valeur, ligne.reference_legale, ligne.confirme))
    return Durees(lignes, any(not d.confirmee for d in lignes))
