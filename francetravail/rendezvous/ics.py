"""The ``.ics`` of an appointment (``icalendar``), for the person and the conseiller.

One UID per appointment, whatever its slot: a calendar that imported it replaces the event when the
appointment moves (SEQUENCE counts the moves) and removes it once cancelled (METHOD:CANCEL,
STATUS:CANCELLED). Times are Europe/Paris with their VTIMEZONE. The person's copy names no one but
the agenda's conseiller; the conseiller's copy also names the person (the views check that they read
the file).
"""

from datetime import date
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from francetravail.rendezvous.enums import Modalite, StatutRendezVous
from francetravail.rendezvous.models import HistoriqueRendezVous, RendezVous

POUR = ("personne", "conseiller")
TYPE_MIME = "text/calendar; charset=utf-8"


def uid(rdv):
    """Stable across moves and cancellation: the appointment, not the slot."""
    return f"rdv-{rdv.pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def sequence(rdv):
    """How many times ``rdv`` changed slot (its history keeps the slot left at each move)."""
    return HistoriqueRendezVous.objects.filter(rendez_vous=rdv, creneau_avant__isnull=False).count()


def nom_fichier(rdv):
    return f"rendez-vous-{timezone.localtime(rdv.creneau.debut):%Y-%m-%d-%Hh%M}.ics"


def _lieu(creneau):
    if creneau.modalite == Modalite.SUR_PLACE:
        return creneau.lieu or creneau.agenda.lieu or creneau.agenda.organisation.nom
    return creneau.get_modalite_display()


def calendrier_rendez_vous(rdv, *, pour="personne"):
    """The ``.ics`` bytes of ``rdv``: a stable UID, a SEQUENCE raised by each move, STATUS:CANCELLED once
    cancelled. ``pour``: « personne » or « conseiller » (the conseiller's copy names the person)."""
    if pour not in POUR:
        raise ValueError(f"Destinataire inconnu pour un .ics : {pour!r}")
    creneau = rdv.creneau
    agenda = creneau.agenda
    annule = rdv.statut == StatutRendezVous.ANNULE
    zone = timezone.get_current_timezone()

    titre = creneau.intitule or creneau.get_motif_display()
    # The person's copy names the organisation; the conseiller's, the person they receive.
    titre = f"{titre} — {rdv.personne.nom_complet if pour == 'conseiller' else agenda.organisation.nom}"
    lignes = [
        f"{creneau.get_motif_display()}, {creneau.get_modalite_display().lower()}.",
        f"Organisation : {agenda.organisation.nom}.",
    ]
    if agenda.conseiller_id:
        lignes.append(f"Conseiller : {agenda.conseiller.nom_affiche}.")
    if annule:
        lignes.append("Ce rendez-vous est annulé.")
    elif rdv.statut == StatutRendezVous.PROPOSE:
        lignes.append("Créneau proposé : il n'est réservé qu'une fois choisi.")
    if pour == "personne":
        lignes.append(f"Pour le déplacer ou l'annuler : {settings.SITE_URL}{reverse('rendezvous:liste')}")

    evenement = Event()
    evenement.add("uid", uid(rdv))
    evenement.add("sequence", sequence(rdv))
    evenement.add("dtstamp", timezone.now())
    evenement.add("dtstart", timezone.localtime(creneau.debut, zone))
    evenement.add("dtend", timezone.localtime(creneau.fin, zone))
    evenement.add("summary", titre)
    evenement.add("location", _lieu(creneau))
    evenement.add("description", "\n".join(lignes))
    statut = {StatutRendezVous.ANNULE: "CANCELLED", StatutRendezVous.PROPOSE: "TENTATIVE"}.get(rdv.statut, "CONFIRMED")
    evenement.add("status", statut)

    calendrier = Calendar()
    calendrier.add("prodid", f"-//{settings.SITE_NAME}//Rendez-vous//FR")
    calendrier.add("version", "2.0")
    calendrier.add("calscale", "GREGORIAN")
    calendrier.add("method", "CANCEL" if annule else "PUBLISH")
    calendrier.add_component(evenement)
    # The VTIMEZONE covers the appointment's year and the next, not every change since 1970.
    annee = timezone.localtime(creneau.debut, zone).year
    calendrier.add_missing_timezones(first_date=date(annee - 1, 1, 1), last_date=date(annee + 2, 1, 1))
    return calendrier.to_ical()


def pieces_jointes(contexte):
    """The files an e-mail carries, from its notification's context (``notifications.dispatch``):
    ``ics_rendez_vous_id`` names an appointment whose person's copy is attached, as it stands when sent."""
    rdv_id = contexte.get("ics_rendez_vous_id")
    if rdv_id is None:
        return []
    rdv = (
        RendezVous.objects.select_related("personne", "creneau__agenda__organisation", "creneau__agenda__conseiller")
        .filter(pk=rdv_id)
        .first()
    )
    if rdv is None:
        return []
    return [(nom_fichier(rdv), calendrier_rendez_vous(rdv, pour="personne"), "text/calendar")]
