"""The first accompaniment appointment counted from the notified orientation (the rule:
``francetravail.rendezvous.regles``), as this app sees it.

- ``reference`` tells the appointments app when a person's current orientation was
  notified (registered at start-up: that core app does not import this one);
- ``annoter`` puts the same facts on a queryset of people, in SQL (a few subqueries, so a
  list's query count does not grow with its rows): the notification, the limit (the
  département's value of ``rendezvous.delai_premier_rdv`` in force on the notification
  day, else the national one), the first appointment's day and its recorded exception;
- ``en_retard_q`` and ``est_en_retard`` say who is late: no first appointment once the
  limit has passed, or a first appointment after the limit, exception or not;
- ``indicateurs`` counts them per organisme référent for the pilotes.

"Current orientation": the latest decided one (as ``contrats.actions.rediger``). Its date:
the notification (R5411-8-1, « date certaine »), or the decision when it could not be
notified electronically (see ``rendezvous.regles``).
"""

from dataclasses import dataclass

from django.db.models import (
    Count,
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from francetravail.parametres.sql import valeur_en_vigueur, valeur_en_vigueur_en_ligne
from francetravail.personnes.models import Personne
from francetravail.rendezvous import regles
from francetravail.rendezvous.enums import StatutSuivi
from francetravail.rendezvous.models import RendezVous, SuiviRendezVous
from francetravail.rendezvous.suivi_affichage import MOTIFS_SUIVIS
from orientation.enums import STATUTS_DECIDES
from orientation.models import DecisionOrientation

# A follow-up whose appointment is booked or held: the first appointment exists (as regles.STATUTS_PREMIER).
STATUTS_SUIVI_PREMIER = (StatutSuivi.RDV_PRIS, StatutSuivi.HONORE)


def _courantes(personne_ref):
    return (
        DecisionOrientation.objects.filter(personne=personne_ref, statut__in=list(STATUTS_DECIDES))
        .annotate(reference_rdv=Coalesce("notifiee_le", "decidee_le"))
        .order_by("-decidee_le", "-pk")
    )


def reference(personne):
    """When ``personne``'s current orientation was notified (its decision when not notified), or None."""
    return _courantes(personne.pk).values_list("reference_rdv", flat=True).first()


def annoter(qs, personne="pk", departement="departement_id", en_ligne=False):
    """Annotates people (``personne``, ``departement``: their id and département in ``qs``) with
    ``premier_rdv_reference`` (instant), ``premier_rdv_limite`` (date), ``premier_rdv_debut``
    (instant, None: none yet) and ``premier_rdv_hors_delai`` (the recorded reason, or "").
    ``en_ligne``: the delay read once and written into the SQL (``valeur_en_vigueur_en_ligne``),
    for counts over thousands of people (one more query, no subquery per row)."""
    courante = _courantes(OuterRef(personne))
    qs = qs.annotate(
        premier_rdv_reference=Subquery(courante.values("reference_rdv")[:1]),
        premier_rdv_organisme=Subquery(courante.values("organisme")[:1]),
    )
    jour = TruncDate("premier_rdv_reference")
    qs = qs.annotate(premier_rdv_jour_reference=jour).annotate(
        premier_rdv_limite=ExpressionWrapper(
            F("premier_rdv_jour_reference")
            + Cast(
                (valeur_en_vigueur_en_ligne if en_ligne else valeur_en_vigueur)(
                    regles.PARAMETRE, le="premier_rdv_jour_reference", departement=departement
                ),
                IntegerField(),
            ),
            output_field=DateField(),
        )
    )
    premier = RendezVous.objects.filter(
        personne=OuterRef(personne),
        statut__in=list(regles.STATUTS_PREMIER),
        creneau__debut__gte=OuterRef("premier_rdv_reference"),
    ).order_by("creneau__debut", "pk")
    return qs.annotate(
        premier_rdv_debut=Subquery(premier.values("creneau__debut")[:1]),
        premier_rdv_hors_delai=Subquery(premier.values("hors_delai_motif")[:1]),
    )


def limites(personne_ids):
    """``{personne_id: limite}`` for the people whose first appointment is still due (oriented, none booked or
    held since the notification): the same facts as ``regles.delai_applicable``, in one query
    (``francetravail.invitations.limites``, a bulk invitation)."""
    lignes = (
        annoter(Personne.objects.filter(pk__in=list(personne_ids)), en_ligne=True)
        .filter(premier_rdv_reference__isnull=False, premier_rdv_debut__isnull=True)
        .values_list("pk", "premier_rdv_limite")
    )
    return dict(lignes)


def en_retard_q(aujourdhui=None):
    """Late, on an ``annoter``-ed queryset: nothing booked once the limit has passed, or booked past it."""
    aujourdhui = aujourdhui or timezone.localdate()
    sans = Q(premier_rdv_debut__isnull=True, premier_rdv_limite__lt=aujourdhui)
    apres = Q(premier_rdv_debut__isnull=False, premier_rdv_debut__date__gt=F("premier_rdv_limite"))
    return Q(premier_rdv_reference__isnull=False) & (sans | apres)


def hors_delai(personne):
    """The first appointment is after the limit (an exception recorded or not)."""
    if personne.premier_rdv_debut is None or personne.premier_rdv_limite is None:
        return False
    return timezone.localdate(personne.premier_rdv_debut) > personne.premier_rdv_limite


def est_en_retard(personne, aujourdhui=None):
    if personne.premier_rdv_reference is None or personne.premier_rdv_limite is None:
        return False
    if personne.premier_rdv_debut is None:
        return personne.premier_rdv_limite < (aujourdhui or timezone.localdate())
    return hors_delai(personne)


@dataclass
class LigneIndicateur:
    organisation: object
    dans_le_delai: int = 0
    hors_delai: int = 0  # booked or held past the limit
    hors_delai_motive: int = 0  # of which with a recorded reason
    sans_rendez_vous_en_retard: int = 0  # limit passed, nothing booked
    a_venir: int = 0  # nothing booked, limit not passed yet

    @property
    def en_retard(self):
        return self.hors_delai + self.sans_rendez_vous_en_retard


def indicateurs(organisations, *, aujourdhui=None):
    """One ``LigneIndicateur`` per organisation, for the people whose current orientation names it
    (one aggregate query). Overridden first appointments count as late."""
    aujourdhui = aujourdhui or timezone.localdate()
    lignes = {org.pk: LigneIndicateur(org) for org in organisations.order_by("nom")}
    if not lignes:
        return []
    apres = Q(premier_rdv_debut__isnull=False, premier_rdv_debut__date__gt=F("premier_rdv_limite"))
    sans = Q(premier_rdv_debut__isnull=True)
    lignes_sql = (
        annoter(Personne.objects.all())
        .filter(premier_rdv_organisme__in=list(lignes))
        .values("premier_rdv_organisme")
        .annotate(
            dans_le_delai=Count("pk", filter=Q(premier_rdv_debut__date__lte=F("premier_rdv_limite"))),
            hors_delai=Count("pk", filter=apres),
            hors_delai_motive=Count("pk", filter=apres & ~Q(premier_rdv_hors_delai="")),
            sans_rendez_vous_en_retard=Count("pk", filter=sans & Q(premier_rdv_limite__lt=aujourdhui)),
            a_venir=Count("pk", filter=sans & Q(premier_rdv_limite__gte=aujourdhui)),
        )
        .order_by()
    )
    for row in lignes_sql:
        ligne = lignes[row.pop("premier_rdv_organisme")]
        for nom, nombre in row.items():
            setattr(ligne, nom, nombre)
    return list(lignes.values())


@dataclass
class PartDansLeDelai:
    dans_le_delai: int = 0
    concernes: int = 0

    @property
    def pourcentage(self):
        return round(100 * self.dans_le_delai / self.concernes) if self.concernes else None


def part_dans_le_delai(organisations, *, aujourdhui=None):
    """Of the people whose follow-up (``rendezvous.SuiviRendezVous``) ``organisations`` hold, with a current
    orientation whose limit has passed or with an appointment booked or held since it: how many have their
    first appointment booked or held within the limit, read from the follow-up row's appointment (one
    aggregate query, plus the delay read once). Same semantics as ``annoter``: from the notification
    (else the decision), ``rendezvous.delai_premier_rdv`` calendar days, day 15 in time, day 16 late."""
    aujourdhui = aujourdhui or timezone.localdate()
    lignes = annoter(
        SuiviRendezVous.objects.filter(organisation_id__in=list(organisations), motif__in=MOTIFS_SUIVIS),
        personne="personne_id",
        departement="personne__departement_id",
        en_ligne=True,
    )
    pris = Q(
        statut__in=list(STATUTS_SUIVI_PREMIER),
        rendez_vous__isnull=False,
        rendez_vous__creneau__debut__gte=F("premier_rdv_reference"),
    )
    dans_le_delai = pris & Q(rendez_vous__creneau__debut__date__lte=F("premier_rdv_limite"))
    concernes = Q(premier_rdv_reference__isnull=False) & (Q(premier_rdv_limite__lt=aujourdhui) | pris)
    resultat = lignes.aggregate(
        dans_le_delai=Count("personne_id", distinct=True, filter=dans_le_delai),
        concernes=Count("personne_id", distinct=True, filter=concernes),
    )
    return PartDansLeDelai(**resultat)
