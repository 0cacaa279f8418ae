"""Reads about appointments that span models (SLA, available slots)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import F
from django.utils import timezone

from francetravail.rendezvous.actions import limite_premier_rendez_vous
from francetravail.rendezvous.enums import StatutRendezVous
from francetravail.rendezvous.models import Creneau, RendezVous


@dataclass(frozen=True)
class DelaiPremierRendezVous:
    depuis: date
    limite: date  # last day allowed (included)
    date_rendez_vous: date | None  # None: no appointment booked or held yet
    statut: str | None
    jours: int | None

    @property
    def dans_les_delais(self):
        """True / False, or None while no appointment exists and the limit has not passed yet."""
        if self.date_rendez_vous is not None:
            return self.date_rendez_vous <= self.limite
        return False if timezone.localdate() > self.limite else None


def delai_premier_rendez_vous(personne, depuis: date):
    """Days between ``depuis`` and the person's first appointment, and whether it is within the delay.

    ``depuis`` is the reference date, normally the date the orientation was notified:
    the orientation app owns that date, so the caller passes it (this core app cannot
    depend on a domain app). The first appointment is the earliest one on or after
    ``depuis`` that is booked or was held; a missed, excused or cancelled one does not
    count. Calendar days, Europe/Paris.
    """
    limite = limite_premier_rendez_vous(personne, depuis)
    rdv = (
        RendezVous.objects.filter(
            personne=personne,
            statut__in=(StatutRendezVous.RESERVE, StatutRendezVous.HONORE),
            creneau__debut__date__gte=depuis,
        )
        .select_related("creneau")
        .order_by("creneau__debut")
        .first()
    )
    if rdv is None:
        return DelaiPremierRendezVous(depuis, limite, None, None, None)
    jour = timezone.localdate(rdv.creneau.debut)
    return DelaiPremierRendezVous(depuis, limite, jour, rdv.statut, (jour - depuis).days)


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
