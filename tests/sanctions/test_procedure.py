"""The procedure's model: its state machine, its database constraints and concurrency safety."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed

from sanctions.enums import StatutProcedure, StatutRecours
from sanctions.models import HistoriqueProcedure, ProcedureSanction, Recours
from tests.sanctions.factories import Situation, relire

S = StatutProcedure

# Every transition, the states it leaves from (legal-rules.md §4.6 and the state machine).
TRANSITIONS = {
    "vers_examen": {S.OUVERTE},
    "vers_classee": {
        S.OUVERTE,
        S.EXAMEN,
        S.OBSERVATIONS_RECUES,
        S.AUDITION_DEMANDEE,
        S.AUDITION_TENUE,
        S.AUDITION_MANQUEE,
        S.DELAI_EXPIRE,
        S.A_DECIDER,
    },
    "vers_avertissement_notifie": {S.EXAMEN},
    "vers_observations_recues": {S.AVERTISSEMENT_NOTIFIE},
    # A request received within the period brings back a case already put before its decider.
    "vers_audition_demandee": {S.AVERTISSEMENT_NOTIFIE, S.OBSERVATIONS_RECUES, S.DELAI_EXPIRE, S.A_DECIDER},
    "vers_audition_tenue": {S.AVERTISSEMENT_NOTIFIE, S.OBSERVATIONS_RECUES, S.AUDITION_DEMANDEE, S.AUDITION_MANQUEE},
    "vers_audition_manquee": {S.AUDITION_DEMANDEE},
    "vers_delai_expire": {S.AVERTISSEMENT_NOTIFIE},
    # Never from « audition demandée »: a hearing asked for and not held keeps the contradictory phase open.
    "vers_a_decider": {S.OBSERVATIONS_RECUES, S.AUDITION_TENUE, S.AUDITION_MANQUEE, S.DELAI_EXPIRE},
    "vers_decision_notifiee": {S.A_DECIDER},
    "vers_sanction_en_cours": {S.DECISION_NOTIFIEE},
    "vers_levee": {S.SANCTION_EN_COURS},
    "vers_echue": {S.SANCTION_EN_COURS},
    "vers_annulee": {S.DECISION_NOTIFIEE, S.SANCTION_EN_COURS, S.LEVEE, S.ECHUE},
}
CIBLES = {
    "vers_examen": S.EXAMEN,
    "vers_classee": S.CLASSEE,
    "vers_avertissement_notifie": S.AVERTISSEMENT_NOTIFIE,
    "vers_observations_recues": S.OBSERVATIONS_RECUES,
    "vers_audition_demandee": S.AUDITION_DEMANDEE,
    "vers_audition_tenue": S.AUDITION_TENUE,
    "vers_audition_manquee": S.AUDITION_MANQUEE,
    "vers_delai_expire": S.DELAI_EXPIRE,
    "vers_a_decider": S.A_DECIDER,
    "vers_decision_notifiee": S.DECISION_NOTIFIEE,
    "vers_sanction_en_cours": S.SANCTION_EN_COURS,
    "vers_levee": S.LEVEE,
    "vers_echue": S.ECHUE,
    "vers_annulee": S.ANNULEE,
}


@pytest.mark.parametrize("nom", sorted(TRANSITIONS))
@pytest.mark.parametrize("etat", list(S))
def test_chaque_transition_est_permise_depuis_ses_seuls_etats_sources(nom, etat):
    # In memory: the FSM declaration alone, every (transition, state) pair.
    procedure = ProcedureSanction(statut=etat)
    methode = getattr(procedure, nom)
    if etat in TRANSITIONS[nom]:
        assert can_proceed(methode)
        methode()
        assert procedure.statut == CIBLES[nom]
    else:
        assert not can_proceed(methode)
        with pytest.raises(TransitionNotAllowed):
            methode()


def test_le_statut_est_protege():
    procedure = ProcedureSanction(statut=S.OUVERTE)
    with pytest.raises(AttributeError):
        procedure.statut = S.DECISION_NOTIFIEE


@pytest.mark.parametrize(
    ("nom", "source", "cible"),
    [
        ("vers_instruction", StatutRecours.DEMANDE, StatutRecours.INSTRUCTION),
        ("vers_maintenue", StatutRecours.INSTRUCTION, StatutRecours.MAINTENUE),
        ("vers_reformee", StatutRecours.INSTRUCTION, StatutRecours.REFORMEE),
        ("vers_annulee", StatutRecours.INSTRUCTION, StatutRecours.ANNULEE),
    ],
)
def test_transitions_du_recours(nom, source, cible):
    for etat in StatutRecours:
        recours = Recours(statut=etat)
        methode = getattr(recours, nom)
        assert can_proceed(methode) == (etat == source), (nom, etat)
    recours = Recours(statut=source)
    getattr(recours, nom)()
    assert recours.statut == cible


# --- Database constraints -------------------------------------------------------------------


def _maj(procedure, **champs):
    with transaction.atomic():
        ProcedureSanction.objects.filter(pk=procedure.pk).update(**champs)


def test_une_seule_procedure_ouverte_par_manquement():
    s = Situation()
    procedure = s.ouverte()
    copie = {
        f.attname: getattr(procedure, f.attname)
        for f in ProcedureSanction._meta.concrete_fields
        if f.attname not in ("id", "statut")
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcedureSanction.objects.create(**copie)
    # Once closed, the facts may be examined again by a new procedure.
    _maj(procedure, statut=S.CLASSEE, motif_classement="Motif légitime établi.")
    ProcedureSanction.objects.create(**copie)


@pytest.mark.parametrize(("taux", "accepte"), [("-0.01", False), ("0", True), ("100", True), ("100.01", False)])
def test_taux_entre_0_et_100(taux, accepte):
    procedure = Situation().ouverte()
    if accepte:
        _maj(procedure, taux=Decimal(taux))
    else:
        with pytest.raises(IntegrityError):
            _maj(procedure, taux=Decimal(taux))


def test_dates_de_la_sanction_ordonnees():
    procedure = Situation().ouverte()
    jour = timezone.localdate()
    _maj(procedure, debut=jour, fin=jour)
    with pytest.raises(IntegrityError):
        _maj(procedure, debut=jour, fin=jour - datetime.timedelta(days=1))
    with pytest.raises(IntegrityError):
        _maj(procedure, debut=None, fin=jour)


def test_echeance_des_observations_apres_l_avertissement():
    procedure = Situation().ouverte()
    jour = timezone.localdate()
    with pytest.raises(IntegrityError):
        _maj(procedure, avertissement_notifie_le=jour, echeance_observations=jour)
    _maj(procedure, avertissement_notifie_le=jour, echeance_observations=jour + datetime.timedelta(days=1))


def test_pas_de_decision_notifiee_sans_mesure_ni_motivation():
    procedure = Situation().ouverte()
    jour = timezone.localdate()
    avertie = {"avertissement_notifie_le": jour, "echeance_observations": jour + datetime.timedelta(days=10)}
    with pytest.raises(IntegrityError):
        _maj(procedure, statut=S.DECISION_NOTIFIEE, **avertie)
    with pytest.raises(IntegrityError):
        _maj(procedure, statut=S.DECISION_NOTIFIEE, mesure="suspension", decidee_le=timezone.now(), **avertie)
    _maj(
        procedure,
        statut=S.DECISION_NOTIFIEE,
        mesure="suspension",
        decidee_le=timezone.now(),
        motivation="Motivée.",
        **avertie,
    )


def test_pas_d_avertissement_notifie_sans_date_certaine():
    procedure = Situation().ouverte()
    with pytest.raises(IntegrityError):
        _maj(procedure, statut=S.AVERTISSEMENT_NOTIFIE)


def test_classement_motive():
    procedure = Situation().ouverte()
    with pytest.raises(IntegrityError):
        _maj(procedure, statut=S.CLASSEE)


# --- Concurrency ----------------------------------------------------------------------------


def test_deux_copies_perimees_ne_transitionnent_pas_deux_fois():
    """ConcurrentTransitionMixin: the second writer of a stale copy is refused, nothing is overwritten."""
    procedure = Situation().ouverte()
    premiere, seconde = relire(procedure), relire(procedure)
    premiere.examen = "Revue A"
    premiere.vers_examen()
    premiere.save()
    seconde.vers_classee()
    seconde.motif_classement = "Revue B"
    with pytest.raises(ConcurrentTransition), transaction.atomic():
        seconde.save()
    assert relire(procedure).statut == S.EXAMEN
    assert relire(procedure).examen == "Revue A"


def test_l_historique_n_est_pas_supprimable_avec_la_procedure():
    procedure = Situation().ouverte()
    assert HistoriqueProcedure.objects.filter(procedure=procedure).count() == 1
    with pytest.raises(Exception, match="protected"), transaction.atomic():
        procedure.delete()


# --- Two connections at once (commits for real: each thread must see the rows) ---------------


@pytest.fixture
def procedure_validee(base_validee):
    from francetravail.audit.models import AuditEvent
    from francetravail.comptes.models import User
    from francetravail.personnes.models import Personne
    from francetravail.reseau.models import Membership, Organisation
    from sanctions.models import CourrierProcedure, Manquement

    modeles = (
        HistoriqueProcedure,
        CourrierProcedure,  # the prior notice's letters (their e-mails go with their users)
        AuditEvent,
        ProcedureSanction,
        Manquement,
        Personne,
        Membership,
        User,
        Organisation,
    )
    derniers = {m: m.objects.order_by("-pk").values_list("pk", flat=True).first() or 0 for m in modeles}
    with transaction.atomic():
        procedure = Situation().avertie(notifie_le=timezone.localdate() - datetime.timedelta(days=11))
    yield procedure
    # Everything the test committed, newest first in dependency order.
    for modele in modeles:
        modele.objects.filter(pk__gt=derniers[modele]).delete()


@pytest.mark.e2e
@pytest.mark.no_django_db
def test_deux_connexions_simultanees_une_seule_transition(procedure_validee):
    """Two threads constate the same expiry at once: the row lock serialises them, the second is refused."""
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connection

    from sanctions import actions

    barriere = threading.Barrier(2)
    resultats = []

    def executer():
        try:
            barriere.wait(timeout=10)
            actions.constater_delai_expire(ProcedureSanction.objects.get(pk=procedure_validee.pk))
            resultats.append("ok")
        except ValidationError:
            resultats.append("refus")
        finally:
            connection.close()

    fils = [threading.Thread(target=executer) for _ in range(2)]
    for f in fils:
        f.start()
    for f in fils:
        f.join(timeout=30)
    assert sorted(resultats) == ["ok", "refus"]
    assert relire(procedure_validee).statut == S.DELAI_EXPIRE
    assert HistoriqueProcedure.objects.filter(procedure=procedure_validee, statut_apres=S.DELAI_EXPIRE).count() == 1


# --- Admin: read-only ------------------------------------------------------------------------


def test_admin_en_lecture_seule(client):
    from django.contrib.auth.models import Permission
    from django.urls import reverse

    from francetravail.audit.enums import PartieDossier
    from francetravail.audit.models import JournalAcces
    from tests.factories import UserFactory, professionnel

    situation = Situation()
    procedure = situation.ouverte()
    permissions = Permission.objects.filter(content_type__app_label="sanctions")
    # Staff outside the file: the admin goes through the access gate like the back-office.
    dehors = UserFactory(professionnel=True, is_staff=True)
    dehors.user_permissions.set(permissions)
    client.force_login(dehors)
    assert client.get(reverse("admin:sanctions_proceduresanction_change", args=[procedure.pk])).status_code == 302
    staff = professionnel(situation.organisme, is_staff=True)
    staff.user_permissions.set(permissions)
    client.force_login(staff)
    page = client.get(reverse("admin:sanctions_proceduresanction_change", args=[procedure.pk]))
    assert page.status_code == 200
    assert JournalAcces.objects.filter(user=staff, partie=PartieDossier.SANCTIONS, canal="admin").count() == 1
    assert client.get(reverse("admin:sanctions_proceduresanction_add")).status_code == 403
    avant = relire(procedure).statut
    client.post(reverse("admin:sanctions_proceduresanction_delete", args=[procedure.pk]), {"post": "yes"})
    assert relire(procedure).statut == avant
    assert client.get(reverse("admin:sanctions_manquement_changelist")).status_code == 200
