"""The rules of the contrat d'engagement, as pure functions (no database).

The figures (15 hours, 1 month, 6 months, 26 years) are legal parameters read by the
callers (``contrats.actions``, ``contrats.models``) with ``parametres.lookup.valeur``
on the date that matters, and passed in here. Messages are shown as they are.

- Weekly activity of at least 15 hours, which may be lowered but never to zero for
  individual reasons, or waived at the person's request for health, handicap,
  invalidity or lone parent without childcare for a child under 12 (C. trav. L5411-6): the
  file says there is such a child, or the référent records the child's birth date and the
  document seen; the child is under 12 up to the eve of their 12th birthday (``contrats.dispense``).
- Signed within one month of the notification of the orientation (D5411-14-1), or of
  the re-orientation (D5411-14-2).
- Offre raisonnable d'emploi set within 6 months of signature (R5411-15-1); none on the
  social parcours (L5411-6-1 II).
- Mention « jeunes » for a person under 26 on the date of the contract (calendar dates).
"""

import hashlib
import json
from decimal import Decimal

from contrats.enums import AmenagementDuree, MotifDispense
from francetravail.base.calendrier import age_le, ajouter_mois, anniversaire, en_clair
from francetravail.base.nombres import decimal_fr
from orientation.enums import Parcours

MOTIF_MINORATION_REQUIS = (
    "Indiquez le motif de la minoration : la durée hebdomadaire ne peut être réduite que pour des raisons "
    "individuelles, au vu du diagnostic."
)
MINORATION_NULLE = (
    "Une durée minorée ne peut pas être nulle : prévoyez au moins une action avec des heures, "
    "ou une dispense à la demande de la personne."
)
DISPENSE_SANS_DEMANDE = "Une dispense de durée hebdomadaire n'est possible qu'à la demande de la personne."
DISPENSE_MOTIF_INVALIDE = (
    "Une dispense de durée hebdomadaire n'est possible que pour l'un des motifs prévus par la loi : état de "
    "santé, handicap, invalidité, ou parent isolé sans solution de garde pour un enfant de moins de douze ans."
)
AMENAGEMENT_INCONNU = "Aménagement de la durée hebdomadaire inconnu."


def _heures(valeur):
    return decimal_fr(valeur)


def duree_insuffisante(total, minimum):
    return (
        f"Le plan d'action totalise {_heures(total)} heures par semaine : il en faut au moins {_heures(minimum)}, "
        "sauf minoration motivée ou dispense à la demande de la personne."
    )


def total_heures(heures):
    """Weekly hours of the plan: the sum of its actions' weekly hours."""
    return sum((Decimal(h) for h in heures), Decimal(0))


def erreurs_amenagement(amenagement, *, motif_minoration="", motif_dispense="", demandee_par_personne=False):
    """What is wrong with an adjustment of the weekly hours in itself (whatever the plan)."""
    if amenagement == AmenagementDuree.AUCUN:
        return []
    if amenagement == AmenagementDuree.MINORATION:
        return [] if (motif_minoration or "").strip() else [MOTIF_MINORATION_REQUIS]
    if amenagement == AmenagementDuree.DISPENSE:
        erreurs = []
        if not demandee_par_personne:
            erreurs.append(DISPENSE_SANS_DEMANDE)
        if motif_dispense not in MotifDispense.values:
            erreurs.append(DISPENSE_MOTIF_INVALIDE)
        return erreurs
    return [AMENAGEMENT_INCONNU]


def erreurs_duree(
    total,
    *,
    minimum,
    amenagement=AmenagementDuree.AUCUN,
    motif_minoration="",
    motif_dispense="",
    demandee_par_personne=False,
):
    """What prevents a plan of ``total`` weekly hours from being submitted; empty when it may be."""
    erreurs = erreurs_amenagement(
        amenagement,
        motif_minoration=motif_minoration,
        motif_dispense=motif_dispense,
        demandee_par_personne=demandee_par_personne,
    )
    if erreurs:
        return erreurs
    total = Decimal(total)
    if amenagement == AmenagementDuree.DISPENSE:
        return []
    if amenagement == AmenagementDuree.MINORATION:
        return [MINORATION_NULLE] if total <= 0 else []
    return [duree_insuffisante(total, minimum)] if total < Decimal(minimum) else []


def erreurs_enfant_parent_isole(*, au_dossier, enfant_naissance, justificatif, le, age_limite, source="le dossier"):
    """What prevents a dispense « parent isolé sans solution de garde pour un enfant de moins de douze
    ans » (C. trav. L5411-6) on ``le``: ``{field: message}``, empty when it may be granted.

    ``au_dossier`` is what the file says (diagnostic, else registration: True, False or None
    when it says nothing), ``source`` where it says it. When the file does not say there is a
    child under 12, the référent records the child's birth date and the document seen; a
    recorded birth date is checked in calendar dates: the child is under 12 up to the eve of
    their 12th birthday (11 years 364 days), never on the birthday itself.
    """
    limite = int(age_limite)
    justificatif = (justificatif or "").strip()
    erreurs = {}
    if enfant_naissance is None:
        if au_dossier:
            return {}
        constat = "indique qu'il n'y a pas" if au_dossier is False else "ne dit pas s'il y a"
        erreurs["enfant_naissance"] = (
            f"{source[:1].upper()}{source[1:]} {constat} d'enfant de moins de {limite} ans : pour une dispense "
            f"« parent isolé », indiquez la date de naissance de l'enfant et la pièce vue."
        )
    elif enfant_naissance > le:
        erreurs["enfant_naissance"] = "La date de naissance de l'enfant ne peut pas être dans le futur."
    elif age_le(enfant_naissance, le) >= limite:
        erreurs["enfant_naissance"] = (
            f"L'enfant a eu {limite} ans le {en_clair(anniversaire(enfant_naissance, limite))} : la dispense pour un "
            f"parent isolé ne vaut que pour un enfant de moins de {limite} ans (C. trav. L5411-6)."
        )
    if not justificatif:
        erreurs["justificatif_enfant"] = (
            f"Indiquez la pièce qui établit l'âge de l'enfant, par exemple « livret de famille vu le {en_clair(le)} »."
        )
    return erreurs


def mention_jeunes(date_naissance, date_contrat, *, age_limite):
    """« Jeunes » when the person is under ``age_limite`` (26) on the date of the contract."""
    return age_le(date_naissance, date_contrat) < int(age_limite)


def echeance_signature(notifiee_le, *, delai_mois):
    """Last day to sign: the notification date (of the orientation or re-orientation) plus the delay."""
    return ajouter_mois(notifiee_le, delai_mois)


def signature_en_retard(aujourdhui, echeance, *, signe):
    return not signe and echeance is not None and aujourdhui > echeance


def ore_possible(parcours):
    """No offre raisonnable d'emploi on the social parcours (L5411-6-1 II)."""
    return parcours != Parcours.SOCIAL


def echeance_ore(signe_le, *, delai_mois):
    return ajouter_mois(signe_le, delai_mois)


def alerte_ore(parcours, *, signe_le, ore_fixee_le, aujourdhui, delai_mois):
    """Professional parcours, signed more than ``delai_mois`` months ago, and the ORE still not set."""
    if parcours != Parcours.PROFESSIONNEL or signe_le is None or ore_fixee_le is not None:
        return False
    return aujourdhui > echeance_ore(signe_le, delai_mois=delai_mois)


def empreinte(contenu):
    """SHA-256 of a version's content, serialised canonically (sorted keys, no spaces): stable across storage."""
    texte = json.dumps(contenu, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(texte.encode("utf-8")).hexdigest()
