"""A decided radiation ends the person's registration for its duration (C. trav. R5412-5).

A radiation from the list of job seekers is part of a decision (``ProcedureSanction.radiation_mois``:
the measure « radiation » of people without an allowance, R5412-3-3; the radiation that follows a
total suppression, M3, M4, M4-bis, R5412-1 to R5412-3-2); its durations come from the dated
parameters (``sanctions.m4_radiation_*``, ``sanctions.sans_allocation_radiation_*``…, see
``sanctions.bareme``). It runs from the sanction's first day (``debut``) for ``radiation_mois``
calendar months (``delais.fin_sanction``: its last day is ``fin``). While it runs the registration
is « cessée » (``inscription.cessation``); it reopens the day after its last day, or at once when
the radiation no longer stands: annulled or reformed on appeal, sanction lifted by remobilisation
(legal-rules.md §4.4: « the person is re-registered where needed »).

``synchroniser(personne)`` makes the registration say what the person's decisions say today: the
union of the radiations in force (first day of the earliest, last day of the latest), or reopened
when none is. The actions call it after a decision, a lifting or an appeal's outcome; the sweep
``appliquer_radiations`` calls it on the first day of a radiation decided to start later.

Choice (flagged in the README): a bRSA's radiation is France Travail's decision **on the proposal**
of the président du conseil départemental (L5426-1 I; R5412-7 4°), which the platform does not
record; the RSA decision's ``radiation_mois`` is that proposal, so it ceases nothing here.
"""

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from inscription import cessation
from inscription.enums import StatutInscription
from sanctions import delais
from sanctions.enums import Public, StatutProcedure
from sanctions.models import ProcedureSanction

S = StatutProcedure
TAILLE_LOT = 500
# A decided radiation stands in these states (decided, or running); lifted, ended, annulled: no more.
STATUTS_EN_VIGUEUR = (S.DECISION_NOTIFIEE, S.SANCTION_EN_COURS)


def q_radiations():
    """The decisions carrying a radiation the platform applies (the RSA's is a proposal: see above)."""
    return Q(statut__in=STATUTS_EN_VIGUEUR, radiation_mois__isnull=False, debut__isnull=False) & ~Q(public=Public.RSA)


def fin_radiation(procedure):
    """The radiation's last day: ``radiation_mois`` calendar months from the sanction's first day."""
    return delais.fin_sanction(procedure.debut, procedure.radiation_mois)


def radiations_en_cours(personne, aujourdhui):
    """The person's radiations running today: (first day, last day, procedure), by last day."""
    periodes = []
    for procedure in ProcedureSanction.objects.filter(q_radiations(), personne=personne, debut__lte=aujourdhui):
        fin = fin_radiation(procedure)
        if aujourdhui <= fin:
            periodes.append((procedure.debut, fin, procedure))
    return sorted(periodes, key=lambda p: (p[1], p[2].pk))


def motif(procedure, fin):
    return (
        f"Radiation de la liste des demandeurs d'emploi du {procedure.debut:%d/%m/%Y} au {fin:%d/%m/%Y} inclus "
        f"({procedure.radiation_mois} mois), décidée dans la procédure de sanction n° {procedure.pk} "
        "(C. trav. R5412-5 : pas de réinscription pendant la radiation)."
    )


def synchroniser(personne, *, acting_user=None, aujourdhui=None, motif_reouverture=""):
    """Ceases the registration for the radiations in force today, or reopens it when none is.

    Called inside the caller's transaction (which holds the procedure's lock), it locks the registration
    first and only then reads the radiations: two decisions on the same person take turns and the second
    sees the first's. The order procedure → registration is the same everywhere, so no deadlock."""
    if cessation.verrouiller(personne) is None:
        return None  # no registration record: nothing to cease nor to reopen
    aujourdhui = aujourdhui or timezone.localdate()
    periodes = radiations_en_cours(personne, aujourdhui)
    if periodes:
        du = min(debut for debut, _fin, _p in periodes)
        _debut, au, derniere = periodes[-1]
        return cessation.cesser(personne, du=du, au=au, motif=motif(derniere, au), acting_user=acting_user)
    return cessation.rouvrir(
        personne,
        motif=motif_reouverture or "La radiation ne s'applique plus : inscription rouverte.",
        acting_user=acting_user,
        le=aujourdhui,
    )


def q_a_appliquer(aujourdhui):
    """Radiations whose first day has come and that the registration does not cover yet (``fin``, the
    sanction's last day, is the radiation's last day: ``delais.fin_sanction`` of the same length)."""
    inscription = "personne__inscription__"
    couverte = Q(
        **{
            f"{inscription}statut": StatutInscription.CESSEE,
            f"{inscription}cessee_le__lte": F("debut"),
            f"{inscription}cessee_jusqu_au__gte": F("fin"),
        }
    )
    # An accompaniment the référent ended has no last day to set: a radiation leaves it as it is
    # (inscription.cessation.cesser), so it is covered too, not re-applied at every run.
    termine = Q(**{f"{inscription}statut": StatutInscription.CESSEE}) & ~Q(
        **{f"{inscription}motif_fin_accompagnement": ""}
    )
    return (
        q_radiations()
        & Q(debut__lte=aujourdhui, fin__gte=aujourdhui, **{f"{inscription}isnull": False})
        & ~couverte
        & ~termine
    )


def appliquer_radiations(aujourdhui=None, *, limite=TAILLE_LOT):
    """The sweep: on its first day, a radiation decided to start later ceases the registration.

    A bounded batch of due ids, then one transaction per case: the procedure locked with SKIP LOCKED
    (another worker's case is skipped) and re-checked, the registration synchronised. Safe to run
    twice and on two workers at once: a registration already ceased for it no longer matches.
    Returns how many registrations were ceased or extended."""
    aujourdhui = aujourdhui or timezone.localdate()
    dues = ProcedureSanction.objects.filter(q_a_appliquer(aujourdhui))
    ids = list(dues.order_by("debut", "pk").values_list("pk", flat=True).distinct()[:limite])
    appliquees = 0
    for pk in ids:
        with transaction.atomic():
            procedure = (
                dues.select_for_update(of=("self",), no_key=True, skip_locked=True)
                .select_related("personne")
                .filter(pk=pk)
                .first()
            )
            if procedure is None:
                continue
            dossier = synchroniser(procedure.personne, aujourdhui=aujourdhui)
            if dossier is not None and dossier.statut == StatutInscription.CESSEE:
                appliquees += 1
    return appliquees
