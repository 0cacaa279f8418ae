"""Reads across sanction procedures: the professionals' queue, the person's own list, the pilotes' dashboard.

``procedures_du_professionnel`` is the set form of the rules in ``sanctions.actions``
(``acces.est_equipe``, ``acces.est_decideur``): the procedures a professional's organisation runs or
decides. The procedure page still checks the person's file through the access gate.
``recours_a_instruire`` is the set form of ``acces.est_instructeur``: the appeals a
regional mediator or a département's decider instructs.
"""

import datetime

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from contrats.indicateurs import organisations_du_territoire
from francetravail.rendezvous.enums import StatutManquement
from francetravail.rendezvous.models import ManquementAExaminer
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, Role, TypeOrganisation
from francetravail.reseau.models import Organisation
from francetravail.reseau.roles import contexte_professionnel
from sanctions.enums import Public, StatutProcedure, TypeManquement, VoieRecours
from sanctions.models import (
    STATUTS_APRES_AVERTISSEMENT,
    STATUTS_CLOS,
    STATUTS_RECOURS_CLOS,
    CourrierProcedure,
    HistoriqueProcedure,
    ProcedureSanction,
    Recours,
)

S = StatutProcedure
ROLES_FILE = ROLES_ACCOMPAGNEMENT | {
    Role.DELEGUE_SANCTIONS,
    Role.DECIDEUR_DEPARTEMENTAL,
    Role.EQUIPE_PLURIDISCIPLINAIRE,
}


def _regions_delegues(ctx):
    """Regions where ``ctx`` holds a France Travail regional director's delegation."""
    agences = [
        org
        for org in ctx.organisations_avec({Role.DELEGUE_SANCTIONS})
        if ctx.type_par_organisation.get(org) == TypeOrganisation.AGENCE_FRANCE_TRAVAIL
    ]
    if not agences:
        return set()
    regions = set()
    for region, region_dep in Organisation.objects.filter(pk__in=agences).values_list(
        "region_id", "departement__region_id"
    ):
        if region or region_dep:
            regions.add(region or region_dep)
    return regions


def procedures_du_professionnel(user):
    """Procedures ``user``'s organisations run (control team) or decide, as a queryset."""
    if not (user.is_authenticated and user.is_active and user.est_professionnel):
        return ProcedureSanction.objects.none()
    ctx = contexte_professionnel(user)
    condition = Q(pk__in=[])
    equipe = ctx.organisations_avec(ROLES_ACCOMPAGNEMENT | {Role.DELEGUE_SANCTIONS})
    if equipe:
        condition |= Q(organisation_id__in=equipe)
    departement = ctx.organisations_avec({Role.DECIDEUR_DEPARTEMENTAL, Role.EQUIPE_PLURIDISCIPLINAIRE})
    if departement:
        condition |= Q(public=Public.RSA, organisation_decisionnaire_id__in=departement)
    missions = [
        org
        for org in ctx.organisations_avec({Role.DELEGUE_SANCTIONS})
        if ctx.type_par_organisation.get(org) == TypeOrganisation.MISSION_LOCALE
    ]
    if missions:
        condition |= ~Q(public=Public.RSA) & Q(organisation_decisionnaire_id__in=missions)
    regions = _regions_delegues(ctx)
    if regions:
        condition |= (
            ~Q(public=Public.RSA)
            & Q(organisation_decisionnaire__type_organisation=TypeOrganisation.AGENCE_FRANCE_TRAVAIL)
            & (
                Q(organisation_decisionnaire__region_id__in=regions)
                | Q(
                    organisation_decisionnaire__region_id__isnull=True,
                    organisation_decisionnaire__departement__region_id__in=regions,
                )
            )
        )
    # An archived file is out of every queue (francetravail/personnes/acces.py); the sweep holds a file
    # while an appeal is pending, so what leaves here is closed.
    return ProcedureSanction.objects.filter(condition, personne__archivee_le__isnull=True)


def _courriers_sans_adresse():
    # Issued while their recipient could not be addressed, not established since (sanctions.courriers).
    return CourrierProcedure.objects.filter(document="", contenu__has_key="adresse_manquante")


def courriers_en_attente_d_adresse(user):
    """The letters of ``user``'s procedures that wait for a complete postal address: work to do
    (complete the address), counted on the dashboard and listed by the queue's filter."""
    return _courriers_sans_adresse().filter(procedure__in=procedures_du_professionnel(user))


def avis_equipe_attendus(user):
    """The RSA procedures awaiting ``user``'s équipe pluridisciplinaire's opinion: the set form of the
    « avis_equipe » step (after the observations, before the decision, L262-37 III), no opinion yet."""
    if not (user.is_authenticated and user.is_active and user.est_professionnel):
        return ProcedureSanction.objects.none()
    ctx = contexte_professionnel(user)
    departements = {
        ctx.departement_par_organisation.get(org) for org in ctx.organisations_avec({Role.EQUIPE_PLURIDISCIPLINAIRE})
    } - {None}
    if not departements:
        return ProcedureSanction.objects.none()
    return procedures_du_professionnel(user).filter(
        public=Public.RSA,
        statut__in=[*STATUTS_APRES_AVERTISSEMENT, S.A_DECIDER],
        avis_equipe_pluridisciplinaire_le__isnull=True,
        personne__departement_id__in=departements,
    )


def file(
    user,
    *,
    statut="",
    type_manquement="",
    public="",
    en_retard=False,
    sans_adresse=False,
    avis_attendu=False,
    ouvertes=True,
    aujourdhui=None,
):
    """The queue, filtered, with what each row shows loaded in the same query."""
    aujourdhui = aujourdhui or timezone.localdate()
    qs = procedures_du_professionnel(user).select_related(
        "personne", "manquement", "organisation", "organisation_decisionnaire"
    )
    if sans_adresse:
        # Whatever their state (an appeal's receipt follows a decided, possibly ended, sanction).
        qs = qs.filter(pk__in=_courriers_sans_adresse().values("procedure_id"))
        ouvertes = False
    if avis_attendu:
        qs = qs.filter(pk__in=avis_equipe_attendus(user).values("pk"))
    if statut:
        qs = qs.filter(statut=statut)
    elif ouvertes:
        qs = qs.exclude(statut__in=STATUTS_CLOS)
    if type_manquement:
        qs = qs.filter(manquement__type_manquement=type_manquement)
    if public:
        qs = qs.filter(public=public)
    if en_retard:
        qs = qs.filter(statut=S.A_DECIDER, decision_due_le__lt=aujourdhui)
    # Overdue decisions first, then the nearest deadline (decision, then observations).
    return qs.order_by(
        Coalesce("decision_due_le", "echeance_observations", datetime.date.max).asc(), "-created_at", "-pk"
    )


def procedure_du_professionnel(user, pk):
    return (
        procedures_du_professionnel(user)
        .select_related(
            "personne__departement",
            "manquement__signale_par",
            "organisation__departement",
            "organisation_decisionnaire__departement",
            "decidee_par",
        )
        .filter(pk=pk)
        .first()
    )


def historique(procedure):
    return list(HistoriqueProcedure.objects.filter(procedure=procedure).select_related("user", "recours"))


def recours(procedure):
    """The appeals against the procedure's sanction decision (those against the end of the RSA right:
    ``fin_droit.recours_de``)."""
    return list(Recours.objects.filter(procedure=procedure, fin_droit__isnull=True))


def absences_a_examiner(personne):
    """The person's unexcused absences no one has examined yet, oldest first."""
    return (
        ManquementAExaminer.objects.filter(personne=personne, statut=StatutManquement.A_EXAMINER)
        .select_related("rendez_vous__creneau")
        .order_by("rendez_vous__creneau__debut", "pk")
    )


def procedures_de_la_personne(personne):
    return (
        ProcedureSanction.objects.filter(personne=personne).select_related("manquement").order_by("-created_at", "-pk")
    )


# --- Dashboard ----------------------------------------------------------------------------


def tableau(user, *, depuis=None):
    """Procedures opened / decided / lifted / appealed per département and kind of manquement.

    Aggregates only: one query whatever the number of procedures (plus the territory lookup).
    """
    organisations = organisations_du_territoire(user)
    qs = ProcedureSanction.objects.filter(organisation__in=organisations)
    if depuis:
        qs = qs.filter(created_at__date__gte=depuis)
    lignes = (
        qs.values("organisation__departement_id", "organisation__departement__nom", "manquement__type_manquement")
        .annotate(
            ouvertes=Count("pk", distinct=True),
            decidees=Count("pk", filter=Q(decidee_le__isnull=False), distinct=True),
            levees=Count("pk", filter=Q(statut=S.LEVEE), distinct=True),
            classees=Count("pk", filter=Q(statut=S.CLASSEE), distinct=True),
            recours=Count("recours", distinct=True),
        )
        .order_by("organisation__departement_id", "manquement__type_manquement")
    )
    libelles = dict(TypeManquement.choices)
    return [
        {
            "departement": ligne["organisation__departement_id"] or "—",
            "departement_nom": ligne["organisation__departement__nom"] or "Hors département",
            "type_manquement": libelles.get(ligne["manquement__type_manquement"], ""),
            "ouvertes": ligne["ouvertes"],
            "decidees": ligne["decidees"],
            "levees": ligne["levees"],
            "classees": ligne["classees"],
            "recours": ligne["recours"],
        }
        for ligne in lignes
    ]


# --- Appeals --------------------------------------------------------------------------------

# Who instructs an appeal (``acces.est_instructeur``): the regional mediator (médiation
# préalable obligatoire) or the département's decider (RAPO).
ROLES_RECOURS = frozenset({Role.MEDIATEUR, Role.DECIDEUR_DEPARTEMENTAL})


def _regions_mediation(ctx):
    """Regions of ``ctx``'s mediation organisations (their own region, else their département's)."""
    organisations = ctx.organisations_mediation
    if not organisations:
        return set()
    return {
        region or region_dep
        for region, region_dep in Organisation.objects.filter(pk__in=organisations).values_list(
            "region_id", "departement__region_id"
        )
        if region or region_dep
    }


def recours_a_instruire(user, *, ouverts=True):
    """The appeals ``user`` instructs, as a queryset: the set form of ``acces.est_instructeur``.

    RAPO (RSA): the decider organisation is one where ``user`` is ``DECIDEUR_DEPARTEMENTAL``.
    Médiation: the decider organisation's region is the region of one of ``user``'s mediation
    organisations. ``ouverts``: True the appeals still to instruct or to rule on, False those
    ruled on, None all. Open ones come by deadline then formed date (oldest first), the others
    most recent first; what a list row shows is loaded in the same query.
    """
    if not (user.is_authenticated and user.is_active and user.est_professionnel):
        return Recours.objects.none()
    ctx = contexte_professionnel(user)
    condition = Q(pk__in=[])
    departements = ctx.organisations_avec({Role.DECIDEUR_DEPARTEMENTAL})
    if departements:
        condition |= Q(voie=VoieRecours.RAPO, procedure__organisation_decisionnaire_id__in=departements)
    regions = _regions_mediation(ctx)
    if regions:
        condition |= ~Q(voie=VoieRecours.RAPO) & (
            Q(procedure__organisation_decisionnaire__region_id__in=regions)
            | Q(
                procedure__organisation_decisionnaire__region_id__isnull=True,
                procedure__organisation_decisionnaire__departement__region_id__in=regions,
            )
        )
    qs = Recours.objects.filter(condition, procedure__personne__archivee_le__isnull=True).select_related(
        "procedure__personne", "procedure__manquement", "procedure__organisation_decisionnaire"
    )
    if ouverts is None:
        return qs.order_by("-forme_le", "-pk")
    if ouverts:
        return qs.exclude(statut__in=STATUTS_RECOURS_CLOS).order_by("echeance", "forme_le", "pk")
    return qs.filter(statut__in=STATUTS_RECOURS_CLOS).order_by("-statue_le", "-forme_le", "-pk")


def recours_de_l_instructeur(user, pk):
    """One appeal ``user`` instructs, with what its page shows, or None."""
    return (
        recours_a_instruire(user, ouverts=None)
        .select_related(
            "procedure__personne__departement",
            "procedure__manquement__signale_par",
            "procedure__organisation__departement",
            "procedure__organisation_decisionnaire__departement",
            "procedure__decidee_par",
            "forme_par",
            "instruit_par",
            "statue_par",
        )
        .filter(pk=pk)
        .first()
    )


def courriers(procedure):
    return list(
        CourrierProcedure.objects.filter(procedure=procedure)
        .select_related("notification")
        .order_by("created_at", "pk")
    )
