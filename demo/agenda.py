"""Agendas run by Lille Centre itself, from recurring openings rather than slots typed one by one.

- Camille Durand's individual agenda: every working day, an orientation interview and a diagnostic at the
  agency in the morning, a follow-up and an orientation interview by phone in the afternoon; a training
  half-day next Wednesday afternoon (an absence: no slot then).
- The team agenda of Lille Centre, run by the responsable d'équipe: a weekly information collective
  (Thursday 14:00–16:00, 12 seats).

The 15-day promise (a first appointment within 15 days of the orientation) needs slots to offer: the
patterns open them for the next weeks (``rendezvous.plages``; beat moves the horizon every night).
Idempotent: agendas, patterns and the absence are found by a stable key; the slots by (pattern, start).
"""

import datetime

from django.utils import timezone

from francetravail.rendezvous import plages
from francetravail.rendezvous.enums import Modalite, Motif, TypeAgenda, TypeIndisponibilite
from francetravail.rendezvous.models import Agenda, Indisponibilite, PlageOuverture

LIBELLE = "Agenda de Camille Durand (démo)"
LIBELLE_EQUIPE = "Équipe Lille Centre — sessions collectives (démo)"
LIEU = "Agence France Travail Lille Centre"
JOURS_OUVRES = [1, 2, 3, 4, 5]
# (hour, motif, modality) of each working day's slots (45 minutes each) in Camille Durand's agenda.
JOURNEE = (
    (9, Motif.ENTRETIEN_ORIENTATION, Modalite.SUR_PLACE),
    (10, Motif.DIAGNOSTIC, Modalite.SUR_PLACE),
    (14, Motif.SUIVI, Modalite.TELEPHONE),
    (15, Motif.ENTRETIEN_ORIENTATION, Modalite.TELEPHONE),
)
INTITULE_INFO_COLLECTIVE = "Information collective : l'accompagnement des bénéficiaires du RSA"
MOTIF_ABSENCE = "Formation (démo)"


def _plage(agenda, cle, **valeurs):
    plage, _ = PlageOuverture.objects.get_or_create(
        agenda=agenda,
        motif=cle["motif"],
        heure_debut=cle["heure_debut"],
        active=True,
        defaults={"valide_du": timezone.localdate()} | valeurs,
    )
    return plage


def _absence(agenda, conseiller):
    """Next Wednesday afternoon (at least a week ahead, so the absence is seen in the week view)."""
    jour = timezone.localdate() + datetime.timedelta(days=7)
    while jour.isoweekday() != 3:
        jour += datetime.timedelta(days=1)
    if not Indisponibilite.objects.filter(agenda=agenda, motif=MOTIF_ABSENCE, fin__gt=timezone.now()).exists():
        Indisponibilite.objects.create(
            organisation=agenda.organisation,
            agenda=agenda,
            type_indisponibilite=TypeIndisponibilite.ABSENCE,
            debut=timezone.make_aware(datetime.datetime.combine(jour, datetime.time(13))),
            fin=timezone.make_aware(datetime.datetime.combine(jour, datetime.time(18))),
            motif=MOTIF_ABSENCE,
            created_by=conseiller,
        )


def charger_demo_agenda(organisme, conseiller, responsable=None):
    agenda, _ = Agenda.objects.get_or_create(
        organisation=organisme,
        conseiller=conseiller,
        libelle=LIBELLE,
        defaults={"type_agenda": TypeAgenda.INDIVIDUEL, "lieu": LIEU, "created_by": conseiller},
    )
    _absence(agenda, conseiller)
    a_generer = []
    for heure, motif, modalite in JOURNEE:
        debut = datetime.time(heure)
        a_generer.append(
            _plage(
                agenda,
                {"motif": motif, "heure_debut": debut},
                modalite=modalite,
                lieu=LIEU if modalite == Modalite.SUR_PLACE else "",
                jours=JOURS_OUVRES,
                heure_fin=datetime.time(heure, 45),
                duree_minutes=45,
                created_by=conseiller,
            )
        )
    equipe, _ = Agenda.objects.get_or_create(
        organisation=organisme,
        libelle=LIBELLE_EQUIPE,
        defaults={"type_agenda": TypeAgenda.EQUIPE, "lieu": f"{LIEU}, salle 2", "created_by": responsable},
    )
    a_generer.append(
        _plage(
            equipe,
            {"motif": Motif.SESSION_COLLECTIVE, "heure_debut": datetime.time(14)},
            intitule=INTITULE_INFO_COLLECTIVE,
            lieu=f"{LIEU}, salle 2",
            jours=[4],
            heure_fin=datetime.time(16),
            duree_minutes=120,
            capacite=12,
            created_by=responsable,
        )
    )
    for plage in a_generer:
        plages.synchroniser_plage(plage)
    return agenda
