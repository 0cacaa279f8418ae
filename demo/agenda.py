"""An agenda with free slots: Camille Durand's, at Lille Centre, for the next two working weeks.

The 15-day promise (a first appointment within 15 days of the orientation) needs slots to offer: the demo
shows where they come from (orientation interviews, diagnostics, follow-ups, at the agency, on the phone).
Idempotent: nothing is created while the agenda still has future free slots.
"""

import datetime

from django.utils import timezone

from francetravail.rendezvous.enums import Modalite, Motif
from francetravail.rendezvous.models import Agenda, Creneau

LIBELLE = "Agenda de Camille Durand (démo)"
# (hour, motif, modality) of each working day's slots.
JOURNEE = (
    (9, Motif.ENTRETIEN_ORIENTATION, Modalite.SUR_PLACE),
    (10, Motif.DIAGNOSTIC, Modalite.SUR_PLACE),
    (14, Motif.SUIVI, Modalite.TELEPHONE),
    (15, Motif.ENTRETIEN_ORIENTATION, Modalite.TELEPHONE),
)
JOURS_OUVRES = 10


def charger_demo_agenda(organisme, conseiller):
    agenda, _ = Agenda.objects.get_or_create(organisation=organisme, conseiller=conseiller, libelle=LIBELLE)
    maintenant = timezone.now()
    if Creneau.objects.filter(agenda=agenda, debut__gt=maintenant, actif=True, nb_reservations=0).exists():
        return agenda
    jour, ouvres, creneaux = timezone.localdate(), 0, []
    while ouvres < JOURS_OUVRES:
        jour += datetime.timedelta(days=1)
        if jour.weekday() >= 5:
            continue
        ouvres += 1
        for heure, motif, modalite in JOURNEE:
            debut = timezone.make_aware(datetime.datetime.combine(jour, datetime.time(heure)))
            creneaux.append(
                Creneau(
                    agenda=agenda,
                    debut=debut,
                    fin=debut + datetime.timedelta(minutes=45),
                    motif=motif,
                    modalite=modalite,
                    lieu="Agence France Travail Lille Centre" if modalite == Modalite.SUR_PLACE else "",
                    created_by=conseiller,
                )
            )
    Creneau.objects.bulk_create(creneaux)
    return agenda
