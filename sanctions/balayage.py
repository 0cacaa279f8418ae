"""The scheduled sweeps of the sanction procedure, in set-based batches.

Nothing legally significant happens by a timer alone: a sweep only records that the
observation delay ran out, puts a case before its decider, starts a decided sanction on
its first day, records its end, and tells the deciders of an overdue decision or of a
4-month total suppression. It never decides.

Why batches rather than one case at a time (``make bench``: ``sweep_vs_update``): a due
case costs a lock, a re-check, an update, a log row and an audit row; done one case per
round trip that is five statements per case. Here a batch of due ids is locked with
``SELECT … FOR UPDATE SKIP LOCKED`` whose ``WHERE`` is the rule itself (PostgreSQL
re-evaluates it on the locked row, so a case moved by someone else meanwhile drops out),
moved with one ``UPDATE`` that checks the state again, and logged with one bulk insert of
``HistoriqueProcedure`` rows and one of audit rows, one row per case, in one transaction
per batch: a failure rolls back that batch only, and a case locked by another worker is
skipped (it is that worker's). Running it twice, or on two workers at once, changes
nothing twice: a moved case no longer matches the rule.

The rules are those of ``sanctions.actions`` (which checks them on one case): the dates
come from ``sanctions.delais`` and the conditions below are their queryset form; the
tests check both agree on each side of every bound. A batch writes the same history and
audit rows as ``francetravail.base.transitions`` does for one case (same columns, same
data), in two bulk inserts: the core records one object at a time.
"""

import dataclasses
import datetime

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.notifications.actions import notifier
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.parametres.lookup import valeur
from francetravail.reseau.enums import Role, TypeOrganisation
from francetravail.reseau.models import Membership, Organisation
from sanctions import delais
from sanctions.enums import Mesure, Public, StatutProcedure
from sanctions.models import STATUTS_APRES_AVERTISSEMENT, HistoriqueProcedure, ProcedureSanction
from sanctions.notifications import DECISION_EN_RETARD, FIN_DROIT_RSA_POSSIBLE, SUPPRESSION_TOTALE

S = StatutProcedure
TAILLE_LOT = 500
MOTIF_DELAI = "Délai d'observations expiré sans réponse (constat automatique)."
MOTIF_A_DECIDER = "Procédure transmise au décideur (délai d'observations terminé ou audition tenue)."
MOTIF_DEBUT = "Début de la sanction décidée, à sa date de début."
MOTIF_ECHEANCE = "Fin de la période de la sanction."


# --- The rules in queryset form ----------------------------------------------------------


def q_delai_observations_termine(aujourdhui):
    """``delais.delai_observations_termine``: the delay ends with its last day (day 10 no, day 11 yes)."""
    return Q(echeance_observations__lt=aujourdhui)


def q_phase_contradictoire_close(aujourdhui):
    """``actions._phase_contradictoire_close``: a hearing was held, or the 10 days ran out (R5412-7).

    Written observations do not close the phase before day 11: the person may still ask to be
    heard until the last day. A hearing asked for and not held keeps the case whatever the day."""
    return ~Q(statut=S.AUDITION_DEMANDEE) & (Q(audition_le__isnull=False) | q_delai_observations_termine(aujourdhui))


def q_a_decider(aujourdhui):
    """Ready to be put before the decider (``actions.mettre_a_decider``), from one of the states the
    state machine lets into « à décider » (the step's sources): the contradictory phase is over."""
    return q_phase_contradictoire_close(aujourdhui)


def q_sanction_commencee(aujourdhui):
    """``actions.demarrer_sanction``: the decided sanction starts on its first day."""
    return Q(debut__isnull=True) | Q(debut__lte=aujourdhui)


def q_sanction_terminee(aujourdhui):
    """``actions.constater_echeance``: over the day after its last day. A sanction without an end
    date is never ended by a timer."""
    return Q(fin__lt=aujourdhui)


def q_decision_en_retard(aujourdhui):
    """``ProcedureSanction.en_retard``: the decision was due before today."""
    return Q(statut=S.A_DECIDER, decision_due_le__lt=aujourdhui)


# --- The steps ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Etape:
    nom: str
    sources: tuple
    cible: str
    motif: str
    filtre: object  # aujourdhui -> Q
    # Walked in the order of the (statut, date) index: a batch reads its due rows, not the table.
    ordre: tuple = ("pk",)

    def a_traiter(self, aujourdhui):
        return ProcedureSanction.objects.filter(statut__in=self.sources).filter(self.filtre(aujourdhui))


DELAI_EXPIRE = Etape(
    "delai_expire",
    (S.AVERTISSEMENT_NOTIFIE,),
    S.DELAI_EXPIRE,
    MOTIF_DELAI,
    q_delai_observations_termine,
    ("echeance_observations", "pk"),
)
A_DECIDER = Etape(
    "a_decider",
    STATUTS_APRES_AVERTISSEMENT,
    S.A_DECIDER,
    MOTIF_A_DECIDER,
    q_a_decider,
    ("echeance_observations", "pk"),
)
SANCTION_EN_COURS = Etape(
    "sanction_en_cours", (S.DECISION_NOTIFIEE,), S.SANCTION_EN_COURS, MOTIF_DEBUT, q_sanction_commencee
)
ECHUE = Etape("echue", (S.SANCTION_EN_COURS,), S.ECHUE, MOTIF_ECHEANCE, q_sanction_terminee, ("fin", "pk"))


def _sources_du_modele(cible):
    """The states the model's state machine allows into ``cible`` (checked against each step in tests)."""
    champ = ProcedureSanction._meta.get_field("statut")
    return {t.source for t in champ.get_all_transitions(ProcedureSanction) if t.target == cible}


class _DecisionDue:
    """``delais.decision_due_le`` memoised for one sweep: the parameter is read per (start day, département)."""

    def __init__(self):
        self._cache = {}

    def __call__(self, echeance, audition_le, departement_id, audition_prevue_le=None):
        cle = (echeance, audition_le, audition_prevue_le, departement_id)
        if cle not in self._cache:
            self._cache[cle] = delais.decision_due_le(
                echeance_observations=echeance,
                audition_le=audition_le,
                audition_prevue_le=audition_prevue_le,
                departement=departement_id,
            )
        return self._cache[cle]


def _qn(nom):
    return connection.ops.quote_name(nom)


def _mettre_a_jour(etape, lignes, aujourdhui, par_ligne):
    """One ``UPDATE … FROM (VALUES …)`` moving the locked ``lignes`` to ``etape.cible``; returns the moved ids.

    ``par_ligne``: column -> (SQL type, function of the row) for values that differ per case.
    The state is checked again in the ``WHERE``: a row not in a source state is left alone."""
    meta = ProcedureSanction._meta
    communs = {"statut": etape.cible}
    if etape is A_DECIDER:
        communs["a_decider_le"] = aujourdhui
    if etape is ECHUE:
        communs["terminee_le"] = aujourdhui
    colonnes = list(par_ligne)
    sets = [f"{_qn(meta.get_field(c).column)} = %s" for c in communs]
    sets += [f"{_qn(meta.get_field(c).column)} = v.{_qn(c)}" for c in colonnes]
    sets.append(f"{_qn(meta.get_field('updated_at').column)} = %s")
    types = ["bigint"] + [par_ligne[c][0] for c in colonnes]
    gabarit = "(" + ", ".join(f"%s::{t}" for t in types) + ")"
    valeurs = []
    for ligne in lignes:
        valeurs.append(ligne["pk"])
        valeurs.extend(par_ligne[c][1](ligne) for c in colonnes)
    sql = (
        f"UPDATE {_qn(meta.db_table)} AS p SET {', '.join(sets)} "  # noqa: S608 (identifiers from the model)
        f"FROM (VALUES {', '.join([gabarit] * len(lignes))}) AS v(id{''.join(', ' + _qn(c) for c in colonnes)}) "
        f"WHERE p.id = v.id AND p.{_qn(meta.get_field('statut').column)} = ANY(%s) RETURNING p.id"
    )
    # The SET values come first in the statement, then the VALUES rows, then the WHERE.
    parametres = [*communs.values(), timezone.now(), *valeurs, list(etape.sources)]
    with connection.cursor() as cursor:
        cursor.execute(sql, parametres)
        return {row[0] for row in cursor.fetchall()}


def traiter_lot(etape, aujourdhui, *, limite=TAILLE_LOT, apres_verrou=None, _due=None):
    """Locks, re-checks, moves and logs one batch of due cases of ``etape``; returns how many moved.

    ``apres_verrou`` (tests) is called with the locked rows, inside the transaction."""
    _due = _due or _DecisionDue()
    with transaction.atomic():
        lignes = list(
            etape.a_traiter(aujourdhui)
            .select_for_update(skip_locked=True, of=("self",), no_key=True)
            .order_by(*etape.ordre)
            .values(
                "pk",
                "statut",
                "personne_id",
                "organisation_id",
                "echeance_observations",
                "audition_le",
                "audition_prevue_le",
                "personne__departement_id",
            )[:limite]
        )
        if not lignes:
            return 0
        if apres_verrou is not None:
            apres_verrou(lignes)
        par_ligne = {}
        if etape is A_DECIDER:
            par_ligne["decision_due_le"] = (
                "date",
                lambda ligne: _due(
                    ligne["echeance_observations"],
                    ligne["audition_le"],
                    ligne["personne__departement_id"],
                    ligne["audition_prevue_le"],
                ),
            )
        bouges = _mettre_a_jour(etape, lignes, aujourdhui, par_ligne)
        lignes = [ligne for ligne in lignes if ligne["pk"] in bouges]
        maintenant = timezone.now()
        HistoriqueProcedure.objects.bulk_create(
            HistoriqueProcedure(
                procedure_id=ligne["pk"],
                user=None,
                at=maintenant,
                statut_avant=ligne["statut"],
                statut_apres=etape.cible,
                motif=etape.motif,
            )
            for ligne in lignes
        )
        AuditEvent.objects.bulk_create(
            AuditEvent(
                event_type=TypeEvenement.SANCTION_TRANSITION,
                acting_user=None,
                personne_id=ligne["personne_id"],
                organisation_id=ligne["organisation_id"],
                at=maintenant,
                motif=etape.motif,
                data={"procedure": ligne["pk"], "avant": ligne["statut"], "apres": etape.cible},
            )
            for ligne in lignes
        )
        return len(lignes)


def balayer_etape(etape, aujourdhui, *, limite=TAILLE_LOT, max_lots=200):
    """Batches of ``etape`` until none is left (or ``max_lots``: the next run goes on)."""
    due = _DecisionDue()
    total = 0
    for _ in range(max_lots):
        n = traiter_lot(etape, aujourdhui, limite=limite, _due=due)
        total += n
        if n < limite:
            break
    return total


# --- Telling the deciders ----------------------------------------------------------------


def decideurs(procedure):
    """The users who hold the deciding role for ``procedure`` (the inverse of ``acces.est_decideur``).

    Used to tell them, not to let them act: every action checks ``est_decideur`` itself."""
    organisation = procedure.organisation_decisionnaire
    membres = Membership.objects.actives().sans_comptes_techniques()
    if procedure.public == Public.RSA:
        membres = membres.filter(organisation=organisation, role=Role.DECIDEUR_DEPARTEMENTAL)
    elif organisation.type_organisation == TypeOrganisation.MISSION_LOCALE:
        membres = membres.filter(organisation=organisation, role=Role.DELEGUE_SANCTIONS)
    else:
        region = organisation.region_id or (
            organisation.departement.region_id if organisation.departement_id else None
        )
        if region is None:
            return []
        agences = Organisation.objects.filter(type_organisation=TypeOrganisation.AGENCE_FRANCE_TRAVAIL).filter(
            Q(region_id=region) | Q(departement__region_id=region)
        )
        membres = membres.filter(organisation__in=agences, role=Role.DELEGUE_SANCTIONS)
    exclus = {procedure.personne.referent_unique_id, procedure.manquement.signale_par_id}
    return [m.user for m in membres.select_related("user").order_by("user_id").distinct() if m.user_id not in exclus]


def _notifier_decideurs(procedure, type_notification, cle, contexte):
    envoyees = 0
    vus = set()
    for user in decideurs(procedure):
        if user.pk in vus or not user.email:
            continue
        vus.add(user.pk)
        notifier(
            user,
            type_notification,
            contexte=contexte,
            cle_idempotence=f"sanction:{procedure.pk}:{cle}:{user.pk}:{Canal.EMAIL}",
            canal=Canal.EMAIL,
            adresse=user.email,
            lien={"pk": procedure.pk},
        )
        envoyees += 1
    return envoyees


def _contexte(procedure):
    # No name in the e-mail (a mailbox is not the file): the link leads to the page behind the gate.
    def jour(d):
        return f"{d:%d/%m/%Y}" if d else None

    return {
        "procedure": procedure.pk,
        "decision_due_le": jour(procedure.decision_due_le),
        "debut": jour(procedure.debut),
        "fin": jour(procedure.fin),
    }


def _signaler(qs, type_de, cle_de, limite, garde=None, contexte_de=_contexte):
    """Tells the deciders of each case of ``qs`` once (the outbox's idempotency key), one transaction
    per case, locked with SKIP LOCKED and re-checked; the keyset walk reaches every case however many
    were told before. ``type_de``: the kind of notification of a case. Returns how many cases had
    someone newly told."""
    signales = 0
    dernier = 0
    while signales < limite:
        ids = list(qs.filter(pk__gt=dernier).order_by("pk").values_list("pk", flat=True)[:TAILLE_LOT])
        if not ids:
            break
        dernier = ids[-1]
        for pk in ids:
            with transaction.atomic():
                procedure = (
                    qs.select_for_update(skip_locked=True, of=("self",), no_key=True)
                    .select_related("personne", "manquement", "organisation_decisionnaire__departement")
                    .filter(pk=pk)
                    .first()
                )
                if procedure is None or (garde is not None and not garde(procedure)):
                    continue
                prefixe = f"sanction:{pk}:{cle_de(procedure)}:"
                deja = Notification.objects.filter(cle_idempotence__startswith=prefixe).exists()
                if not deja and _notifier_decideurs(
                    procedure, type_de(procedure), cle_de(procedure), contexte_de(procedure)
                ):
                    signales += 1
            if signales >= limite:
                break
    return signales


def signaler_decisions_en_retard(aujourdhui, *, limite=TAILLE_LOT):
    """Overdue decisions: their deciders are told once per due date (they also surface in the queue)."""
    qs = ProcedureSanction.objects.filter(q_decision_en_retard(aujourdhui))
    return _signaler(
        qs, lambda p: DECISION_EN_RETARD, lambda p: f"decision_en_retard:{p.decision_due_le:%Y%m%d}", limite
    )


def _duree_totale(debut, departement_id):
    return int(valeur("sanctions.duree_totale_radiation", le=debut, departement=departement_id))


def q_suppression_totale(aujourdhui):
    """Total suppressions that may have lasted the radiation length; ``suppression_totale_atteinte``
    decides with the parameter in force at the sanction's start."""
    recente = aujourdhui - datetime.timedelta(days=31)
    return Q(mesure=Mesure.SUPPRESSION, taux=100, debut__isnull=False) & (
        Q(statut=S.SANCTION_EN_COURS) | Q(statut=S.ECHUE, terminee_le__gte=recente)
    )


def suppression_totale_atteinte(procedure, aujourdhui):
    """4 months of total suppression reached (R5412-1, CASF R262-68): radiation follows for the same
    length (allowance) or the PCD proposes it (RSA). Flagged for the decider, never applied by the sweep."""
    mois = _duree_totale(procedure.debut, procedure.personne.departement_id)
    return delais.fin_sanction(procedure.debut, mois) < aujourdhui  # the day after its last month


def _contexte_suppression_totale(procedure):
    contexte = _contexte(procedure)
    if procedure.public == Public.RSA:
        contexte["fin_droit_rsa"] = True
    return contexte


def _type_suppression_totale(procedure):
    """For the RSA the link leads to the page where the end of the right is decided (CASF R262-68)."""
    return FIN_DROIT_RSA_POSSIBLE if procedure.public == Public.RSA else SUPPRESSION_TOTALE


def signaler_suppressions_totales(aujourdhui, *, limite=TAILLE_LOT):
    qs = ProcedureSanction.objects.filter(q_suppression_totale(aujourdhui))
    return _signaler(
        qs,
        _type_suppression_totale,
        lambda p: "suppression_totale",
        limite,
        garde=lambda p: suppression_totale_atteinte(p, aujourdhui),
        contexte_de=_contexte_suppression_totale,
    )
