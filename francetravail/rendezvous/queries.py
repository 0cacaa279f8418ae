"""Reads about appointments that span models (SLA, available slots)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import F
from django.utils import timezone

from francetravail.parametres.lookup import valeur
from francetravail.rendezvous import regles
from francetravail.rendezvous.enums import STATUTS_ACTIFS
from francetravail.rendezvous.models import Creneau, RendezVous


@dataclass(frozen=True)
class DelaiPremierRendezVous:
    depuis: date  # the day the orientation was notified
    limite: date  # last day allowed (included)
    date_rendez_vous: date | None  # None: no appointment booked or held yet
    statut: str | None
    jours: int | None
    hors_delai_motif: str = ""  # the reason a professional gave to fix it past the limit

    @property
    def dans_les_delais(self):
        """True / False, or None while no appointment exists and the limit has not passed yet.

        A first appointment fixed past the limit with a reason is late all the same."""
        if self.date_rendez_vous is not None:
            return self.date_rendez_vous <= self.limite
        return False if timezone.localdate() > self.limite else None


def delai_premier_rendez_vous(personne):
    """Where ``personne``'s first appointment stands against its delay (``rendezvous.regles``), or
    None when no delay runs (not oriented yet).

    The first appointment is the earliest one booked or held whose slot starts at or after the
    notification of the current orientation; a missed, excused or cancelled one does not count.
    Calendar days, Europe/Paris.
    """
    notifiee_le = regles.reference_orientation(personne)
    if notifiee_le is None:
        return None
    depuis = timezone.localdate(notifiee_le)
    jours = int(valeur(regles.PARAMETRE, le=depuis, departement=personne.departement_id))
    limite = regles.limite(depuis, jours)
    rdv = (
        RendezVous.objects.filter(
            personne=personne, statut__in=regles.STATUTS_PREMIER, creneau__debut__gte=notifiee_le
        )
        .select_related("creneau")
        .order_by("creneau__debut")
        .first()
    )
    if rdv is None:
        return DelaiPremierRendezVous(depuis, limite, None, None, None)
    jour = timezone.localdate(rdv.creneau.debut)
    return DelaiPremierRendezVous(depuis, limite, jour, rdv.statut, (jour - depuis).days, rdv.hors_delai_motif)


def creneaux_disponibles(organisations, *, motif=None, exclure=None):
    """Open future slots with a free seat in the agendas of ``organisations`` (ids)."""
    qs = (
        Creneau.objects.filter(
            agenda__organisation_id__in=organisations,
            agenda__actif=True,
            actif=True,
            debut__gt=timezone.now(),
        )
        .exclude(nb_reservations__gte=F("capacite"))
        .select_related("agenda__organisation")
        .order_by("debut", "pk")
    )
    if motif:
        qs = qs.filter(motif=motif)
    if exclure is not None:
        qs = qs.exclude(pk__in=exclure)
    return qs


def rendez_vous_a_deplacer(agendas):
    """Appointments still offered or booked on a future slot that closed (its pattern or agenda closed, an
    absence fell on it): the agenda's managers move them (``actions.deplacer``) or cancel them."""
    return (
        RendezVous.objects.filter(
            statut__in=STATUTS_ACTIFS,
            creneau__actif=False,
            creneau__debut__gt=timezone.now(),
            creneau__agenda__in=agendas,
        )
        .select_related("personne", "creneau__agenda")
        .order_by("creneau__debut", "pk")
    )
