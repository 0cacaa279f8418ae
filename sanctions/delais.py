"""The procedure's delays (R5412-7; CASF L262-47; R5312-47), computed from dated legal parameters.

Every delay is read on the date that starts it, for the person's département, so a
new décret is a new dated parameter (``francetravail/parametres/data/parametres_legaux.csv``).
"""

import datetime

from contrats.regles import ajouter_mois
from francetravail.base.calendrier import age_le, fin_de_periode
from francetravail.parametres.lookup import valeur
from sanctions.enums import VoieRecours

AGE_MAJORITE = 18


def echeance_observations(notifie_le, *, departement=None):
    """Last day for written observations or a request to be heard (C. trav. R5412-7, R5412-7-1; CASF,
    RSA prior notice): the notice's provable date plus 10 days.

    Day 0 is the notice's date (« date certaine »), day 10 is this last day and it is included: the
    person may still write or ask to be heard on day 10; the period is over on day 11."""
    jours = int(valeur("sanctions.delai_observations", le=notifie_le, departement=departement))
    return notifie_le + datetime.timedelta(days=jours)


def delai_observations_termine(echeance, aujourdhui):
    """The delay ends with its last day: the day after, a decision may be taken (day 10 no, day 11 yes).

    Written observations do not end it early: the person may still ask to be heard until its last
    day. Only a hearing held closes the contradictory phase before (``actions``)."""
    return aujourdhui > echeance


def decision_due_le(*, echeance_observations, audition_le=None, audition_prevue_le=None, departement=None):
    """A decision within 15 days after the observation delay, or after the hearing (R5412-7: « dans un
    délai de quinze jours suivant l'expiration du délai de dix jours ou, le cas échéant, de l'audition »).

    ``audition_le``: the hearing held. ``audition_prevue_le``: the hearing the person asked for and did
    not come to; the phase then ends at the later of that date and the period's last day (the person
    kept the whole period to write; the hearing offered is the « audition » of the text)."""
    depart = audition_le or max(echeance_observations, audition_prevue_le or echeance_observations)
    jours = int(valeur("sanctions.delai_decision", le=depart, departement=departement))
    return depart + datetime.timedelta(days=jours)


def fin_sanction(debut, duree_mois):
    """The last day of a sanction of ``duree_mois`` calendar months starting on ``debut`` (its first day
    counted): from 31 January, one month ends on the last day of February (``calendrier.fin_de_periode``)."""
    return fin_de_periode(debut, duree_mois)


def voie_recours(est_rsa):
    return VoieRecours.RAPO if est_rsa else VoieRecours.MEDIATION


def echeance_recours(notifiee_le, voie, *, departement=None):
    """Last day to appeal: two months after the decision's notification (RAPO or médiation)."""
    cle = "sanctions.delai_rapo_rsa" if voie == VoieRecours.RAPO else "sanctions.delai_mediation"
    return ajouter_mois(notifiee_le, int(valeur(cle, le=notifiee_le, departement=departement)))


def mineur(date_naissance, le):
    return age_le(date_naissance, le) < AGE_MAJORITE


def texte_voies_recours(voie, echeance):
    """The appeal routes as the decision letter states them. The delay runs from the letter's
    receipt, which is not known when it is written: ``echeance`` is the date if it arrives the day
    it is sent, and a later receipt moves it (``actions.echeance_recours_de``)."""
    delai = (
        "dans les deux mois qui suivent la réception de cette décision "
        f"(au plus tard le {echeance:%d/%m/%Y} si vous la recevez le jour de son envoi)"
    )
    if voie == VoieRecours.RAPO:
        return (
            "Vous pouvez contester cette décision par un recours administratif préalable obligatoire auprès "
            f"du président du conseil départemental, {delai} (CASF L262-47). "
            "Ce recours est nécessaire avant de saisir le tribunal administratif."
        )
    return (
        "Vous pouvez contester cette décision en saisissant le médiateur régional de France Travail "
        f"(médiation préalable obligatoire), {delai} (C. trav. R5312-47). "
        "Cette médiation est nécessaire avant de saisir le tribunal administratif."
    )
