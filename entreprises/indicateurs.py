"""Employers' indicators for the pilotes of a territory (SPEC §2.9–2.10: offers filled and time to
fill; the 30-day follow-up and the 48-hour callback as service commitments).

Aggregates only, per département of the offer (or of the company, for a callback due to a
new employer): no person, no company is named. A pilote's territory follows the rule of the
contract and sanction dashboards (``contrats.indicateurs.organisations_du_territoire``): the
département of the organisation where they hold the role, its region for a regional one, the
whole country for a national one. Like those dashboards (which are not open data), no small
count is suppressed here; an open-data export would.

The period filters the offers by their publication day (and the tasks by their due day).
Every figure is computed by a fixed number of aggregate queries, whatever the volume.

Definitions:

- délai de pourvoi: median number of days from publication to the offer being filled;
- taux de pourvoi: offers filled / offers published;
- relances à 30 jours: RELANCE_30J tasks done / tasks due (due date passed, or done already);
- rappels sous 48 heures: RAPPEL_48H tasks done by their due time / tasks due (same);
- candidatures par offre: applications (both origins) / offers published;
- embauches par public: hires on those offers, by the parcours of the person's latest decided
  orientation (« sans orientation » when there is none).
"""

from dataclasses import dataclass, field

from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from entreprises.enums import StatutCandidature, StatutOffre, TypeTache
from entreprises.models import Candidature, Offre, TacheConseiller
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Departement, Organisation
from francetravail.reseau.roles import contexte_professionnel
from orientation.enums import STATUTS_DECIDES, Parcours
from orientation.models import DecisionOrientation

SANS_ORIENTATION = ""
LIBELLES_PUBLIC = {**dict(Parcours.choices), SANS_ORIENTATION: "Sans orientation décidée"}


class Mediane(Aggregate):
    """PostgreSQL's ``percentile_cont(0.5)``: works on intervals as on numbers."""

    function = "PERCENTILE_CONT"
    name = "Mediane"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False


@dataclass(frozen=True)
class Territoire:
    """Départements and regions a pilote reads; ``national`` for the whole country."""

    departements: frozenset = frozenset()
    regions: frozenset = frozenset()
    national: bool = False

    @property
    def vide(self):
        return not (self.national or self.departements or self.regions)

    def filtre(self, departement, region):
        """A ``Q`` on the lookups ``departement`` and ``region`` of the rows to count."""
        if self.national:
            return Q()
        condition = Q(pk__in=[])
        if self.departements:
            condition |= Q(**{f"{departement}__in": sorted(self.departements)})
        if self.regions:
            condition |= Q(**{f"{region}__in": sorted(self.regions)})
        return condition


def territoire_du_pilote(user):
    """The territory of ``user``'s pilote roles (empty without one)."""
    pilotees = contexte_professionnel(user).organisations_avec({Role.PILOTE})
    if not pilotees:
        return Territoire()
    departements, regions = set(), set()
    for org in Organisation.objects.filter(pk__in=pilotees).only("departement_id", "region_id"):
        if org.departement_id:
            departements.add(org.departement_id)
        elif org.region_id:
            regions.add(org.region_id)
        else:
            return Territoire(national=True)
    return Territoire(frozenset(departements), frozenset(regions))


@dataclass
class Ligne:
    departement: str
    nom: str = ""
    publiees: int = 0
    pourvues: int = 0
    delai_median_jours: float | None = None
    candidatures: int = 0
    relances_dues: int = 0
    relances_faites: int = 0
    rappels_dus: int = 0
    rappels_a_temps: int = 0
    embauches: int = 0
    embauches_par_public: dict = field(default_factory=dict)
    # The hires by public in the table's column order (set once the publics are known).
    embauches_colonnes: list = field(default_factory=list)

    @staticmethod
    def _pourcent(numerateur, denominateur):
        return round(100 * numerateur / denominateur) if denominateur else None

    @property
    def taux_pourvoi(self):
        return self._pourcent(self.pourvues, self.publiees)

    @property
    def taux_relances(self):
        return self._pourcent(self.relances_faites, self.relances_dues)

    @property
    def taux_rappels(self):
        return self._pourcent(self.rappels_a_temps, self.rappels_dus)

    @property
    def candidatures_par_offre(self):
        return round(self.candidatures / self.publiees, 1) if self.publiees else None


@dataclass
class Tableau:
    lignes: list
    total: Ligne
    publics: list  # [(code, libellé)] of the publics that have hires, in Parcours order

    @property
    def vide(self):
        return not self.lignes


def _jours(duree):
    return round(duree.total_seconds() / 86400, 1) if duree is not None else None


def _offres(territoire, du, au):
    qs = Offre.objects.filter(territoire.filtre("departement", "region"), publiee_le__isnull=False)
    if du:
        qs = qs.filter(publiee_le__date__gte=du)
    if au:
        qs = qs.filter(publiee_le__date__lte=au)
    return qs


def _agregats_offres(offres):
    delai = ExpressionWrapper(F("cloturee_le") - F("publiee_le"), output_field=DurationField())
    pourvue = Q(statut=StatutOffre.POURVUE)
    return {
        "publiees": Count("pk"),
        "pourvues": Count("pk", filter=pourvue),
        "delai": Mediane(delai, filter=pourvue & Q(cloturee_le__isnull=False), output_field=DurationField()),
    }


def _taches(territoire, du, au, maintenant):
    departement = Coalesce("offre__departement", "entreprise__commune__departement_id")
    region = Coalesce("offre__region", "entreprise__commune__departement__region_id")
    qs = (
        TacheConseiller.objects.annotate(dep=departement, reg=region)
        .filter(territoire.filtre("dep", "reg"))
        # Due: its time has come, or it was done already (a task done early counts, on time).
        .filter(Q(echeance__lte=maintenant) | Q(faite_le__isnull=False))
    )
    if du:
        qs = qs.filter(echeance__date__gte=du)
    if au:
        qs = qs.filter(echeance__date__lte=au)
    relance, rappel = Q(type_tache=TypeTache.RELANCE_30J), Q(type_tache=TypeTache.RAPPEL_48H)
    return qs.values("dep").annotate(
        relances_dues=Count("pk", filter=relance),
        relances_faites=Count("pk", filter=relance & Q(faite_le__isnull=False)),
        rappels_dus=Count("pk", filter=rappel),
        rappels_a_temps=Count("pk", filter=rappel & Q(faite_le__lte=F("echeance"))),
    )


def tableau(user, *, du=None, au=None, maintenant=None):
    """The pilote's table: one ``Ligne`` per département with activity, their total, the publics."""
    maintenant = maintenant or timezone.now()
    territoire = territoire_du_pilote(user)
    if territoire.vide:
        return Tableau([], Ligne("", "Total"), [])
    offres = _offres(territoire, du, au)
    lignes = {}

    def ligne(dep):
        if dep not in lignes:
            lignes[dep] = Ligne(dep or "")
        return lignes[dep]

    for row in offres.values("departement").annotate(**_agregats_offres(offres)).order_by():
        lig = ligne(row["departement"])
        lig.publiees, lig.pourvues = row["publiees"], row["pourvues"]
        lig.delai_median_jours = _jours(row["delai"])

    candidatures = Candidature.objects.filter(offre__in=offres.values("pk"))
    for row in candidatures.values("offre__departement").annotate(n=Count("pk")).order_by():
        ligne(row["offre__departement"]).candidatures = row["n"]

    for row in _taches(territoire, du, au, maintenant).order_by():
        lig = ligne(row.pop("dep"))
        for nom, nombre in row.items():
            setattr(lig, nom, nombre)

    parcours = (
        DecisionOrientation.objects.filter(personne=OuterRef("personne_id"), statut__in=list(STATUTS_DECIDES))
        .order_by("-decidee_le", "-pk")
        .values("parcours")[:1]
    )
    embauches = (
        candidatures.filter(statut=StatutCandidature.EMBAUCHE)
        .annotate(public=Subquery(parcours))
        .values("offre__departement", "public")
        .annotate(n=Count("pk"))
        .order_by()
    )
    publics_vus = set()
    for row in embauches:
        lig = ligne(row["offre__departement"])
        public = row["public"] or SANS_ORIENTATION
        publics_vus.add(public)
        lig.embauches += row["n"]
        lig.embauches_par_public[public] = lig.embauches_par_public.get(public, 0) + row["n"]

    noms = dict(Departement.objects.filter(pk__in=[d for d in lignes if d]).values_list("code", "nom"))
    for dep, lig in lignes.items():
        lig.nom = noms.get(dep, "Département inconnu")

    total = Ligne("", "Total")
    for lig in lignes.values():
        for nom in (
            "publiees",
            "pourvues",
            "candidatures",
            "relances_dues",
            "relances_faites",
            "rappels_dus",
            "rappels_a_temps",
            "embauches",
        ):
            setattr(total, nom, getattr(total, nom) + getattr(lig, nom))
        for public, n in lig.embauches_par_public.items():
            total.embauches_par_public[public] = total.embauches_par_public.get(public, 0) + n
    # A median does not add up: the total's is computed over all the territory's filled offers.
    total.delai_median_jours = _jours(offres.aggregate(delai=_agregats_offres(offres)["delai"])["delai"])

    ordre = [*Parcours.values, SANS_ORIENTATION]
    publics = [(p, LIBELLES_PUBLIC[p]) for p in ordre if p in publics_vus]
    for lig in [*lignes.values(), total]:
        lig.embauches_colonnes = [lig.embauches_par_public.get(p, 0) for p, _ in publics]
    return Tableau(sorted(lignes.values(), key=lambda lig: lig.departement), total, publics)
