"""The delay of the first accompaniment appointment: one rule for every path that offers or
books one (the conseiller's page, the person's space, the bulk tools to come call
``controler_premier_rendez_vous``).

Once a person's orientation is decided and notified, their first accompaniment appointment
takes place at the latest ``rendezvous.delai_premier_rdv`` calendar days after the day of
that notification (15; the département's own value when it has one, read on that day).

Sources and choices:

- No legal text sets this delay. It is the service promise of the France Travail report
  (« démarrage effectif de l'accompagnement en moins de 15 jours », préfiguration 2023,
  R4) taken up by SPEC §2.4; the parameter row says so (not confirmed as law).
- It counts from the notification of the orientation decision, not from the day slots
  are offered: the decision is notified « par tout moyen donnant date certaine »
  (C. trav. R5411-8-1), and the law's own delay on the same step, the contract's month,
  runs from that notification too (D5411-14-1; a re-orientation starts a new one,
  D5411-8-2). Same here: a new notified orientation starts a new delay. A decision that
  could not be notified electronically (no email, no account) counts from its decision
  date: the person must not wait longer because the service could not reach them.
- A person not yet oriented has no such delay: the orientation (giratoire) interview
  itself comes before the decision the delay counts from.
- The first appointment is the earliest appointment booked or held whose slot starts at
  or after the notification. A missed, excused or cancelled one does not count: the
  next one is still the first, and still due by the same day.
- A point d'étape slot is exempt: it follows a signed contract, at the contract's rhythm
  (``contrats.points_etape``). It still counts as the first appointment if it is one.
- Past the limit, an offer or booking is refused with the reason; a professional may
  nevertheless fix it with a reason (stored on the appointment with who and when, and an
  audit row); it stays counted as late. The person never goes past the limit on their
  own; they may book a late slot only when their conseiller offered it with a reason.

The orientation app owns the notification date and this core app does not import a
domain app: orientation registers its reader at start-up (``brancher_reference``).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from francetravail.parametres.lookup import valeur
from francetravail.rendezvous.enums import Motif, StatutRendezVous
from francetravail.rendezvous.models import RendezVous

PARAMETRE = "rendezvous.delai_premier_rdv"
# Booked or held: the first appointment exists (missed, excused, cancelled: it does not).
STATUTS_PREMIER = (StatutRendezVous.RESERVE, StatutRendezVous.HONORE)
MOTIFS_SANS_DELAI = (Motif.POINT_ETAPE,)

_reference: Callable[[object], datetime | None] | None = None


def brancher_reference(fonction):
    """``fonction(personne)``: when the person's current orientation was notified (None: not oriented).

    Called once by the orientation app (``AppConfig.ready``). Without it nobody is oriented.
    """
    global _reference  # noqa: PLW0603 -- a start-up registration, like the portfolio's columns
    _reference = fonction


def reference_orientation(personne):
    return _reference(personne) if _reference is not None else None


def limite(jour_notification: date, jours: int) -> date:
    """The last day (included) of the first appointment: day 15 is in time, day 16 is late."""
    return jour_notification + timedelta(days=jours)


def _fmt(jour):
    return date_format(jour, "j F Y")


@dataclass(frozen=True)
class Delai:
    notifiee_le: datetime
    jours: int
    limite: date

    @property
    def jour_notification(self):
        return timezone.localdate(self.notifiee_le)

    def depasse(self, creneau):
        return timezone.localdate(creneau.debut) > self.limite

    @property
    def explication(self):
        return (
            f"le premier rendez-vous doit avoir lieu au plus tard le {_fmt(self.limite)}, "
            f"{self.jours} jours après la notification de l'orientation le {_fmt(self.jour_notification)}"
        )


def delai_applicable(personne, *, sauf=None):
    """The delay ``personne``'s next appointment must meet, or None when none applies: not oriented
    yet, or their first appointment since the notification is already booked or held
    (``sauf``: the appointment being moved, which does not count as already there)."""
    notifiee_le = reference_orientation(personne)
    if notifiee_le is None:
        return None
    deja = RendezVous.objects.filter(personne=personne, statut__in=STATUTS_PREMIER, creneau__debut__gte=notifiee_le)
    if sauf is not None:
        deja = deja.exclude(pk=sauf.pk)
    if deja.exists():
        return None
    jour = timezone.localdate(notifiee_le)
    jours = int(valeur(PARAMETRE, le=jour, departement=personne.departement_id))
    return Delai(notifiee_le, jours, limite(jour, jours))


@dataclass(frozen=True)
class Controle:
    delai: Delai | None  # None: these slots are not a first appointment under a delay
    hors_delai: frozenset  # pks of the slots past the limit, accepted with ``motif``
    motif: str

    @property
    def premier(self):
        return self.delai is not None

    def est_hors_delai(self, creneau):
        return creneau.pk in self.hors_delai


def soumis_au_delai(creneau):
    return creneau.motif not in MOTIFS_SANS_DELAI


def trop_tard_pour_la_personne(delai, creneau, derogation=""):
    """The person cannot book ``creneau`` themself: past the limit, and no reason given by a professional."""
    return delai is not None and soumis_au_delai(creneau) and delai.depasse(creneau) and not derogation


def _quand(creneau):
    return date_format(timezone.localtime(creneau.debut), "l j F Y à H\\hi")


def controler_premier_rendez_vous(
    personne, creneaux, *, par_un_professionnel, derogation="", champ="creneau", sauf=None, delai=None
):
    """Checks ``creneaux`` (one or several slots offered or booked for ``personne``) against the delay.

    ``derogation``: the reason a professional gives to go past the limit (for the person,
    only the one their conseiller recorded on the offer they choose). Raises a
    ``ValidationError`` at ``champ`` (and at ``derogation`` for a professional) when a slot
    is past the limit without one; returns a ``Controle`` saying which slots are late.
    ``delai``: already computed by the caller (a bulk tool reading many slots for one person).
    """
    delai = delai if delai is not None else delai_applicable(personne, sauf=sauf)
    soumis = [c for c in creneaux if soumis_au_delai(c)]
    if delai is None or not soumis:
        return Controle(None, frozenset(), "")
    tardifs = [c for c in soumis if delai.depasse(c)]
    motif = (derogation or "").strip()
    if tardifs and not motif:
        cause = f"Le créneau du {_quand(tardifs[0])} est trop tard pour un premier rendez-vous : {delai.explication}."
        if not par_un_professionnel:
            raise ValidationError(
                {
                    champ: f"{cause} Choisissez un créneau plus tôt, ou contactez votre conseiller : "
                    "lui seul peut fixer un premier rendez-vous plus tard."
                }
            )
        raise ValidationError(
            {
                champ: f"{cause} Choisissez un créneau plus tôt, ou indiquez le motif du dépassement.",
                "derogation": f"Indiquez pourquoi le premier rendez-vous aura lieu après le {_fmt(delai.limite)} "
                "(il restera compté en retard).",
            }
        )
    return Controle(delai, frozenset(c.pk for c in tardifs), motif if tardifs else "")
