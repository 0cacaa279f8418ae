"""The slots of the recurring openings (``PlageOuverture``), generated ahead and kept in step.

``synchroniser_plage`` makes a pattern's future slots what the pattern says for the next
``HORIZON_SEMAINES`` weeks: it creates the missing ones and closes (``actif=False``) those the
pattern no longer holds (a closed pattern or agenda, a shortened validity, a new absence or
closure, a public holiday). A closed slot keeps its bookings: they are listed to the agenda's
managers as « à déplacer » (``queries_agendas.rendez_vous_a_deplacer``) and nobody can book it.

Idempotent and safe on two workers at once: a slot is unique per (pattern, start), inserted with
``ON CONFLICT DO NOTHING``; closing is one UPDATE whose row locks serialise it with a booking
(``actions.reserver`` locks the slot, then re-checks ``actif``).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from francetravail.rendezvous.feries import ferie
from francetravail.rendezvous.models import Creneau, Indisponibilite, PlageOuverture

# How far ahead slots exist: enough for a first appointment within 15 days and invitations sent
# a few weeks ahead, short enough that a changed pattern leaves few slots to close.
HORIZON_SEMAINES = 8


@dataclass(frozen=True)
class Prevu:
    debut: datetime
    fin: datetime


def indisponibilites_de(agenda, du, au):
    """The absences of ``agenda`` and the closures of its whole organisation that overlap [du, au)."""
    return list(
        Indisponibilite.objects.filter(
            Q(agenda=agenda) | Q(agenda__isnull=True, organisation_id=agenda.organisation_id),
            debut__lt=au,
            fin__gt=du,
        ).values_list("debut", "fin")
    )


def _lundi(jour):
    return jour - timedelta(days=jour.weekday())


def creneaux_prevus(plage, du, au, *, indisponibilites=(), departement=None):
    """What ``plage`` opens on the days ``du`` … ``au`` (dates, included): a list of ``Prevu``.

    Times are the agenda's local times (Europe/Paris), made aware day by day, so that a 9:00
    slot stays at 9:00 across a daylight-saving change. Public holidays of ``departement`` and
    the ``indisponibilites`` ((start, end) pairs) are skipped.
    """
    du = max(du, plage.valide_du)
    if plage.valide_au is not None:
        au = min(au, plage.valide_au)
    zone = timezone.get_current_timezone()
    premier_lundi = _lundi(plage.valide_du)
    duree = timedelta(minutes=plage.duree_minutes)
    jours = set(plage.jours)
    prevus = []
    jour = du
    while jour <= au:
        semaines = (_lundi(jour) - premier_lundi).days // 7
        if jour.isoweekday() in jours and semaines % plage.toutes_les_semaines == 0 and not ferie(jour, departement):
            debut = datetime.combine(jour, plage.heure_debut)
            limite = datetime.combine(jour, plage.heure_fin)
            while debut + duree <= limite:
                prevu = Prevu(timezone.make_aware(debut, zone), timezone.make_aware(debut + duree, zone))
                if not any(prevu.debut < fin and prevu.fin > commence for commence, fin in indisponibilites):
                    prevus.append(prevu)
                debut += duree
        jour += timedelta(days=1)
    return prevus


@dataclass(frozen=True)
class Bilan:
    crees: int = 0
    fermes: int = 0


def synchroniser_plage(plage, *, maintenant=None):
    """Brings ``plage``'s future slots in step with it (see the module's docstring). Call it with the
    pattern's row locked, or from the sweep (which locks it); returns a ``Bilan``."""
    maintenant = maintenant or timezone.now()
    agenda = plage.agenda
    futurs = Creneau.objects.filter(plage=plage, debut__gt=maintenant)
    if not (plage.active and agenda.actif):
        return Bilan(fermes=futurs.filter(actif=True).update(actif=False))
    aujourd_hui = timezone.localdate(maintenant)
    au = aujourd_hui + timedelta(weeks=HORIZON_SEMAINES)
    # Slots made when the pattern said more (a later validity) are checked up to their day too.
    dernier = futurs.aggregate(d=Max("debut"))["d"]
    if dernier is not None:
        au = max(au, timezone.localdate(dernier))
    debut_fenetre = timezone.make_aware(datetime.combine(aujourd_hui, datetime.min.time()))
    indisponibilites = indisponibilites_de(
        agenda, debut_fenetre, debut_fenetre + timedelta(days=(au - aujourd_hui).days + 1)
    )
    prevus = [
        p
        for p in creneaux_prevus(
            plage,
            aujourd_hui,
            au,
            indisponibilites=indisponibilites,
            departement=agenda.organisation.departement_id,
        )
        if p.debut > maintenant
    ]
    existants = set(futurs.values_list("debut", flat=True))
    lieu = plage.lieu or agenda.lieu
    nouveaux = [
        Creneau(
            agenda=agenda,
            plage=plage,
            debut=p.debut,
            fin=p.fin,
            motif=plage.motif,
            modalite=plage.modalite,
            lieu=lieu,
            intitule=plage.intitule,
            capacite=plage.capacite,
            created_by_id=plage.created_by_id,
        )
        for p in prevus
        if p.debut not in existants
    ]
    Creneau.objects.bulk_create(nouveaux, ignore_conflicts=True)
    fermes = futurs.filter(actif=True).exclude(debut__in=[p.debut for p in prevus]).update(actif=False)
    return Bilan(crees=len(nouveaux), fermes=fermes)


def synchroniser_une(plage_id, *, maintenant=None):
    """The sweep's step for one pattern, in its own transaction: a pattern another worker holds is
    skipped (it is being done). Returns a ``Bilan`` or None when skipped."""
    with transaction.atomic():
        plage = (
            PlageOuverture.objects.select_for_update(of=("self",), no_key=True, skip_locked=True)
            .select_related("agenda__organisation")
            .filter(pk=plage_id)
            .first()
        )
        if plage is None:
            return None
        return synchroniser_plage(plage, maintenant=maintenant)


def plages_a_synchroniser(maintenant=None):
    """Ids of the patterns still running (active, in an open agenda, valid today or later)."""
    aujourd_hui = timezone.localdate(maintenant or timezone.now())
    return list(
        PlageOuverture.objects.filter(active=True, agenda__actif=True)
        .filter(Q(valide_au__isnull=True) | Q(valide_au__gte=aujourd_hui))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
