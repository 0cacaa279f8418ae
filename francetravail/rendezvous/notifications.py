"""What the person is told about their appointments, through the outbox.

Reminders are written by the beat sweep (``tasks.planifier_rappels``) when they fall
due, never in advance: a moved or cancelled appointment therefore has no future
reminder to chase. The idempotency key names the appointment, the slot and its start,
the delay and the channel, so a sweep run twice (or on two workers) writes one row,
and a move (another slot, another start) gets reminders of its own.

The only reminder that can outlive a move is one written but not yet sent (broker
down, retry pending). The outbox has no « cancelled » status and its sending side
re-checks nothing, so :func:`annuler_rappels_en_attente` closes such rows itself:
``ECHEC`` with the reason in ``derniere_erreur``, and the key freed (suffixed) so
that moving back to that slot gets its reminders again.
"""

from datetime import UTC, timedelta

from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.formats import date_format

from francetravail.notifications.actions import notifier
from francetravail.notifications.enums import Canal, Statut
from francetravail.notifications.models import Notification
from francetravail.notifications.registre import Public, declarer
from francetravail.parametres.lookup import valeur

# The confirmation and the move fix the day and place of an appointment whose unexcused absence
# may be examined as a failure to attend (C. trav. L5412-1): legal notices, never opted out of.
PROPOSITIONS = declarer(
    "rendezvous.propositions",
    libelle="Créneaux de rendez-vous proposés",
    public=Public.PERSONNE,
    modele="rendezvous/propositions",
    canaux=(Canal.EMAIL,),
    lien="rendezvous:liste",
)
CONFIRMATION = declarer(
    "rendezvous.confirmation",
    libelle="Rendez-vous confirmé",
    public=Public.PERSONNE,
    modele="rendezvous/confirmation",
    canaux=(Canal.EMAIL,),
    avis_legal=True,
    lien="rendezvous:liste",
)
DEPLACEMENT = declarer(
    "rendezvous.deplacement",
    libelle="Rendez-vous déplacé",
    public=Public.PERSONNE,
    modele="rendezvous/deplacement",
    canaux=(Canal.EMAIL,),
    avis_legal=True,
    lien="rendezvous:liste",
)
ANNULATION = declarer(
    "rendezvous.annulation",
    libelle="Rendez-vous annulé",
    public=Public.PERSONNE,
    modele="rendezvous/annulation",
    canaux=(Canal.EMAIL,),
    lien="rendezvous:liste",
)
RAPPEL = declarer(
    "rendezvous.rappel",
    libelle="Rappel de rendez-vous",
    public=Public.PERSONNE,
    modele="rendezvous/rappel",
    canaux=(Canal.EMAIL, Canal.SMS),
    lien="rendezvous:liste",
)

PARAMETRES_RAPPEL = ("rendezvous.rappel_1_jours_avant", "rendezvous.rappel_2_jours_avant")


def delais_rappel(le=None, departement=None):
    """Days before the appointment at which reminders go, largest first (0 disables one)."""
    delais = {int(valeur(cle, le=le, departement=departement)) for cle in PARAMETRES_RAPPEL}
    return sorted((d for d in delais if d > 0), reverse=True)


def prochain_rappel(debut, delais, maintenant):
    """When the next reminder falls due, or None. A reminder already overdue when the
    appointment is booked (booked the day before) is skipped: the confirmation covers it."""
    for jours in delais:  # largest first
        moment = debut - timedelta(days=jours)
        if moment > maintenant:
            return moment
    return None


def delai_du(debut, delais, maintenant):
    """The reminder due now: the closest to the appointment among those already due."""
    if debut <= maintenant:
        return None
    dus = [jours for jours in delais if debut - timedelta(days=jours) <= maintenant]
    return min(dus) if dus else None


def _prefixe_rappel(rdv):
    return f"rdv:{rdv.pk}:rappel:"


def cle_rappel(rdv, jours, canal):
    debut = rdv.creneau.debut.astimezone(UTC)
    return f"{_prefixe_rappel(rdv)}{rdv.creneau_id}:{debut:%Y%m%dT%H%MZ}:J-{jours}:{canal}"


# The e-mails that carry the appointment's .ics (the person adds, moves or removes it in their calendar).
AVEC_ICS = (CONFIRMATION, DEPLACEMENT, ANNULATION)


def contexte(rdv):
    creneau = rdv.creneau
    debut = timezone.localtime(creneau.debut)
    return {
        "prenom": rdv.personne.prenoms.split(" ")[0],
        "date": date_format(debut, "l j F Y"),
        "heure": date_format(debut, "H\\hi"),
        "motif": creneau.get_motif_display(),
        "modalite": creneau.get_modalite_display(),
        "lieu": creneau.lieu,
        "organisation": creneau.agenda.organisation.nom,
        "motif_changement": rdv.motif,
    }


def _adresses(personne, canaux):
    adresses = {Canal.EMAIL: personne.email, Canal.SMS: personne.telephone}
    return [(canal, adresses[canal]) for canal in canaux if adresses[canal]]


def ecrire_rappels(rdv, jours):
    """The J-``jours`` reminder of ``rdv``, by email and SMS (each where the person has an address)."""
    ctx = {**contexte(rdv), "jours": jours}
    for canal, adresse in _adresses(rdv.personne, (Canal.EMAIL, Canal.SMS)):
        notifier(
            rdv.personne.user,
            RAPPEL,
            contexte=ctx,
            cle_idempotence=cle_rappel(rdv, jours, canal),
            canal=canal,
            adresse=adresse,
        )


def informer(rdv, type_notification, cle):
    """A one-off email about ``rdv`` (``PROPOSITIONS``, ``CONFIRMATION``, ``DEPLACEMENT``, ``ANNULATION``)."""
    ctx = contexte(rdv)
    if type_notification in AVEC_ICS:
        # The e-mail carries the appointment's .ics, rendered when it is sent (notifications.dispatch).
        ctx["ics_rendez_vous_id"] = rdv.pk
    for canal, adresse in _adresses(rdv.personne, (Canal.EMAIL,)):
        notifier(
            rdv.personne.user,
            type_notification,
            contexte=ctx,
            cle_idempotence=f"rdv:{rdv.pk}:{cle}:{canal}",
            canal=canal,
            adresse=adresse,
        )


def annuler_rappels_en_attente(rdv, raison):
    """Closes the reminders of ``rdv`` written but not sent yet; returns how many.

    A row locked right now is being sent by a worker: it is skipped (it goes out). A plain
    ``FOR UPDATE`` (not ``no_key``): the rows' unique ``cle_idempotence`` is changed.
    """
    ids = list(
        Notification.objects.select_for_update(skip_locked=True)
        .filter(cle_idempotence__startswith=_prefixe_rappel(rdv), statut=Statut.EN_ATTENTE)
        .values_list("pk", flat=True)
    )
    if not ids:
        return 0
    return Notification.objects.filter(pk__in=ids).update(
        statut=Statut.ECHEC,
        derniere_erreur=f"Annulé avant l'envoi : {raison}",
        cle_idempotence=Concat(F("cle_idempotence"), Value(":annule:"), Cast("pk", CharField())),
    )
