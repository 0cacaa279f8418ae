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
