from django.db import models


class Motif(models.TextChoices):
    ENTRETIEN_ORIENTATION = "entretien_orientation", "Entretien d'orientation"
    DIAGNOSTIC = "diagnostic", "Diagnostic"
    SUIVI = "suivi", "Entretien de suivi"
    SESSION_COLLECTIVE = "session_collective", "Session collective"
    POINT_ETAPE = "point_etape", "Point d'étape du contrat d'engagement"


class Modalite(models.TextChoices):
    SUR_PLACE = "sur_place", "Sur place"
    TELEPHONE = "telephone", "Par téléphone"
    VISIO = "visio", "En visioconférence"


class StatutRendezVous(models.TextChoices):
    PROPOSE = "propose", "Proposé"
    RESERVE = "reserve", "Réservé"
    ANNULE = "annule", "Annulé"
    HONORE = "honore", "Honoré"
    EXCUSE = "excuse", "Excusé"
    ABSENT = "absent", "Absent"


# A person holds at most one of these per slot (a proposal becomes the booking).
STATUTS_ACTIFS = (StatutRendezVous.PROPOSE, StatutRendezVous.RESERVE)
# Attendance outcomes a professional records once the appointment has started.
STATUTS_PRESENCE = (StatutRendezVous.HONORE, StatutRendezVous.EXCUSE, StatutRendezVous.ABSENT)


class StatutManquement(models.TextChoices):
    # The sanctions app examines the row and owns what follows "à examiner"; here only a
    # corrected attendance closes it (the absence was recorded by mistake).
    A_EXAMINER = "a_examiner", "À examiner"
    PRESENCE_CORRIGEE = "presence_corrigee", "Sans objet : présence corrigée"
    # Set by the sanctions app when a référent reports a manquement for this absence.
    RETENUE = "retenue", "Retenue : manquement signalé"


class TypeAgenda(models.TextChoices):
    """Whose or what an agenda is: its slots are offered and booked the same way whatever the type."""

    INDIVIDUEL = "individuel", "Agenda individuel d'un conseiller"
    EQUIPE = "equipe", "Agenda d'équipe"
    LIEU = "lieu", "Agenda d'un lieu (salle, permanence)"
    TELEPHONE = "telephone", "Permanence téléphonique"
    VISIO = "visio", "Visioconférence"


class TypeIndisponibilite(models.TextChoices):
    ABSENCE = "absence", "Absence"
    CONGE = "conge", "Congés"
    FERIE = "ferie", "Jour férié ou fermeture"


class StatutSuivi(models.TextChoices):
    """Where a person stands, for one motif, on the way to an appointment (``rendezvous.suivi``).

    not invited → invited → relancé → expired → slot booked → honoured / excused / absent; an absence
    opens a ``ManquementAExaminer`` as any absence does. A cancelled booking goes back to « à inviter »
    (``ANNULE``) so that the person is counted as still to be reached.
    """

    NON_INVITE = "non_invite", "Non invité"
    INVITE = "invite", "Invité"
    RELANCE = "relance", "Relancé"
    EXPIRE = "expire", "Invitation expirée"
    RAPPEL_DEMANDE = "rappel_demande", "Demande à être rappelé"
    RDV_PRIS = "rdv_pris", "Rendez-vous pris"
    HONORE = "honore", "Rendez-vous honoré"
    EXCUSE = "excuse", "Absence excusée"
    ABSENT = "absent", "Absent (manquement à examiner)"
    ANNULE = "annule", "Rendez-vous annulé, à réinviter"


# Statuses where the person still has to be reached: what a conseiller works and the dashboard counts.
STATUTS_SUIVI_A_TRAITER = (StatutSuivi.EXPIRE, StatutSuivi.RAPPEL_DEMANDE, StatutSuivi.ANNULE)
# Statuses where an invitation is running.
STATUTS_SUIVI_INVITATION_EN_COURS = (StatutSuivi.INVITE, StatutSuivi.RELANCE)
