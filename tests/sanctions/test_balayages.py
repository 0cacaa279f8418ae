"""The sanction sweeps: due against not due on each side of every bound, idempotent, batch by batch,
and two real Celery workers on the same cases moving each case once."""

import contextlib
import datetime
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.urls import reverse
from django.utils import timezone

from contrats.regles import ajouter_mois
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.beat import BEAT_SCHEDULE
from francetravail.notifications.dispatch import rendre_courriel
from francetravail.notifications.models import Notification
from sanctions import acces, actions, balayage, delais
from sanctions.enums import Mesure, StatutProcedure
from sanctions.models import HistoriqueProcedure, Manquement, ProcedureSanction
from sanctions.tasks import balayer_procedures, balayer_sanctions_quotidien
from tests.fixtures_e2e import worker_externe
from tests.sanctions.factories import Situation, relire

S = StatutProcedure
AUJOURDHUI = timezone.localdate()
HIER = AUJOURDHUI - datetime.timedelta(days=1)
DEMAIN = AUJOURDHUI + datetime.timedelta(days=1)


def jours(n):
    return AUJOURDHUI - datetime.timedelta(days=n)


def statut(procedure):
    return relire(procedure).statut


def journal(procedure):
    return list(
        HistoriqueProcedure.objects.filter(procedure=procedure)
        .order_by("pk")
        .values_list("statut_avant", "statut_apres", "user")
    )


def due_le(procedure, jour):
    # The dates before it move with it (the table holds them in order).
    ProcedureSanction.objects.filter(pk=procedure.pk).update(
        avertissement_notifie_le=jour - datetime.timedelta(days=25),
        echeance_observations=jour - datetime.timedelta(days=15),
        decision_due_le=jour,
    )


def audits(procedure):
    return AuditEvent.objects.filter(event_type=TypeEvenement.SANCTION_TRANSITION, data__procedure=procedure.pk)


# --- Schedules and rules ----------------------------------------------------------------


def test_les_balayages_sont_planifies():
    assert BEAT_SCHEDULE["sanctions-balayer-procedures"]["task"] == "sanctions.tasks.balayer_procedures"
    assert BEAT_SCHEDULE["sanctions-balayer-quotidien"]["task"] == "sanctions.tasks.balayer_sanctions_quotidien"


def test_chaque_etape_part_des_etats_que_la_machine_autorise():
    for etape in (balayage.DELAI_EXPIRE, balayage.A_DECIDER, balayage.SANCTION_EN_COURS, balayage.ECHUE):
        assert set(etape.sources) == balayage._sources_du_modele(etape.cible), etape.nom


@pytest.mark.django_db
@pytest.mark.parametrize("notifie_il_y_a", [9, 10, 11])
def test_la_condition_en_requete_est_celle_des_delais(notifie_il_y_a):
    # The queryset form of the rule agrees with delais.delai_observations_termine on each side.
    procedure = relire(Situation().avertie(notifie_le=jours(notifie_il_y_a)))
    attendu = delais.delai_observations_termine(procedure.echeance_observations, AUJOURDHUI)
    assert balayage.DELAI_EXPIRE.a_traiter(AUJOURDHUI).filter(pk=procedure.pk).exists() is attendu
    assert attendu is (notifie_il_y_a == 11)


@pytest.mark.django_db
@pytest.mark.parametrize("notifie_il_y_a", [9, 10, 11])
@pytest.mark.parametrize("reponse", ["observations", "audition_demandee", "audition_tenue"])
def test_la_condition_a_decider_est_celle_de_l_action(notifie_il_y_a, reponse):
    # « À décider » on both sides of the period's end: the query and mettre_a_decider agree. Written
    # observations wait for day 11; a hearing asked for waits for the hearing; a hearing held does not wait.
    s = Situation()
    procedure = s.avertie(notifie_le=jours(notifie_il_y_a))
    if reponse == "observations":
        procedure = actions.enregistrer_observations(
            procedure, acting_user=s.controleur, observations="Lettre.", recues_le=procedure.avertissement_notifie_le
        )
    elif reponse == "audition_demandee":
        procedure = actions.demander_audition(
            procedure, acting_user=s.controleur, demandee_le=procedure.avertissement_notifie_le
        )
    else:
        procedure = actions.tenir_audition(procedure, acting_user=s.controleur, compte_rendu="Entendu.")
    selon_la_requete = balayage.A_DECIDER.a_traiter(AUJOURDHUI).filter(pk=procedure.pk).exists()
    try:
        with transaction.atomic():
            actions.mettre_a_decider(relire(procedure))
            transaction.set_rollback(True)
        selon_l_action = True
    except ValidationError:
        selon_l_action = False
    assert selon_la_requete is selon_l_action
    attendu = {"observations": notifie_il_y_a == 11, "audition_demandee": False, "audition_tenue": True}
    assert selon_la_requete is attendu[reponse]


# --- The frequent sweep -----------------------------------------------------------------


@pytest.mark.django_db
def test_delai_expire_le_lendemain_de_l_echeance_pas_le_jour_meme():
    s = Situation()
    echue_hier = s.avertie(notifie_le=jours(11))  # last day of the delay: yesterday
    echue_ce_jour = s.avertie(notifie_le=jours(10))  # last day: today, the person may still answer
    assert relire(echue_hier).echeance_observations == HIER
    resultat = balayer_procedures(aujourdhui=AUJOURDHUI.isoformat())
    assert resultat["delai_expire"] == 1 and resultat["a_decider"] == 1
    assert statut(echue_ce_jour) == S.AVERTISSEMENT_NOTIFIE
    procedure = relire(echue_hier)
    assert procedure.statut == S.A_DECIDER
    assert procedure.a_decider_le == AUJOURDHUI
    # The same due date as the action computes.
    assert procedure.decision_due_le == delais.decision_due_le(
        echeance_observations=HIER, departement=s.personne.departement_id
    )
    assert journal(procedure)[-2:] == [
        (S.AVERTISSEMENT_NOTIFIE, S.DELAI_EXPIRE, None),
        (S.DELAI_EXPIRE, S.A_DECIDER, None),
    ]
    assert audits(procedure).count() == audits(echue_ce_jour).count() + 2


@pytest.mark.django_db
def test_deux_passages_ne_changent_rien_deux_fois():
    s = Situation()
    procedures = [s.avertie(notifie_le=jours(12)) for _ in range(3)]
    balayer_procedures()
    avant = {p.pk: (len(journal(p)), audits(p).count()) for p in procedures}
    assert balayer_procedures() == {
        "delai_expire": 0,
        "a_decider": 0,
        "sanction_en_cours": 0,
        "decisions_en_retard": 0,
    }
    assert {p.pk: (len(journal(p)), audits(p).count()) for p in procedures} == avant
    assert all(statut(p) == S.A_DECIDER for p in procedures)


@pytest.mark.django_db
def test_observations_recues_attendent_la_fin_du_delai_une_audition_non():
    s = Situation()
    observee = actions.enregistrer_observations(
        s.avertie(notifie_le=jours(10)), acting_user=s.personne.user, observations="J'étais malade."
    )
    entendue = actions.tenir_audition(
        s.avertie(notifie_le=jours(3)), acting_user=s.controleur, compte_rendu="Entendue avec son frère."
    )
    balayer_procedures()
    # Observations could still ask to be heard until the delay's last day (today).
    assert statut(observee) == S.OBSERVATIONS_RECUES
    assert statut(entendue) == S.A_DECIDER
    assert relire(entendue).decision_due_le == delais.decision_due_le(
        echeance_observations=relire(entendue).echeance_observations,
        audition_le=relire(entendue).audition_le,
        departement=s.personne.departement_id,
    )
    balayer_procedures(aujourdhui=DEMAIN)
    assert statut(observee) == S.A_DECIDER


@pytest.mark.django_db
def test_la_sanction_commence_a_sa_date_de_debut():
    s = Situation()
    demain, aujourdhui = s.decidee(), s.decidee()
    ProcedureSanction.objects.filter(pk=demain.pk).update(debut=DEMAIN, fin=DEMAIN + datetime.timedelta(days=30))
    ProcedureSanction.objects.filter(pk=aujourdhui.pk).update(debut=AUJOURDHUI)
    assert balayer_procedures()["sanction_en_cours"] == 1
    assert statut(demain) == S.DECISION_NOTIFIEE
    assert statut(aujourdhui) == S.SANCTION_EN_COURS


@pytest.mark.django_db
def test_decision_en_retard_signalee_une_fois_aux_decideurs():
    s = Situation()
    en_retard, dans_les_temps = s.a_decider(), s.a_decider()
    due_le(en_retard, HIER)
    due_le(dans_les_temps, AUJOURDHUI)
    assert balayer_procedures()["decisions_en_retard"] == 1
    assert balayer_procedures()["decisions_en_retard"] == 0
    notes = Notification.objects.filter(modele="sanctions/decision_en_retard")
    assert list(notes.values_list("destinataire", flat=True)) == [s.delegue.pk]
    assert notes.get().contexte["procedure"] == en_retard.pk
    sujet, corps = rendre_courriel(notes.get())
    assert str(en_retard.pk) in sujet and f"{HIER:%d/%m/%Y}" in corps
    assert reverse("backoffice:sanction", args=[en_retard.pk]) in corps
    assert s.personne.nom_naissance not in corps  # the e-mail names nobody: the page behind the gate does
    # Never the person's référent, even holding the role; each one told is a decider.
    assert all(acces.est_decideur(u, relire(en_retard)) for u in balayage.decideurs(relire(en_retard)))
    # A new due date (e.g. after a hearing) is a new overdue decision to tell.
    due_le(en_retard, HIER - datetime.timedelta(days=1))
    assert balayer_procedures()["decisions_en_retard"] == 1


@pytest.mark.django_db
def test_les_decideurs_rsa_sont_ceux_du_departement():
    from sanctions.enums import Public

    s = Situation(public=Public.RSA)
    procedure = relire(s.a_decider())
    assert [u.pk for u in balayage.decideurs(procedure)] == [s.decideur_cd.pk]


# --- Batches ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_le_lot_est_borne():
    s = Situation()
    procedures = [s.avertie(notifie_le=jours(11)) for _ in range(3)]
    assert balayage.balayer_etape(balayage.DELAI_EXPIRE, AUJOURDHUI, limite=2, max_lots=1) == 2
    assert sorted(statut(p) for p in procedures).count(S.DELAI_EXPIRE) == 2
    assert balayage.balayer_etape(balayage.DELAI_EXPIRE, AUJOURDHUI, limite=2, max_lots=1) == 1


@pytest.mark.django_db
def test_une_erreur_au_milieu_n_annule_que_son_lot():
    s = Situation()
    procedures = [s.avertie(notifie_le=jours(11)) for _ in range(3)]
    assert balayage.traiter_lot(balayage.DELAI_EXPIRE, AUJOURDHUI, limite=1) == 1

    def panne(lignes):
        # The batch's rows are locked; the worker dies before its update.
        raise RuntimeError("worker tué")

    with pytest.raises(RuntimeError):
        balayage.traiter_lot(balayage.DELAI_EXPIRE, AUJOURDHUI, limite=2, apres_verrou=panne)
    assert [statut(p) for p in procedures] == [S.DELAI_EXPIRE, S.AVERTISSEMENT_NOTIFIE, S.AVERTISSEMENT_NOTIFIE]
    assert [len(journal(p)) for p in procedures[1:]] == [len(journal(procedures[1]))] * 2
    # The next run takes them up.
    assert balayage.balayer_etape(balayage.DELAI_EXPIRE, AUJOURDHUI) == 2
    assert {statut(p) for p in procedures} == {S.DELAI_EXPIRE}


@pytest.mark.django_db
def test_un_etat_change_entre_la_selection_et_la_mise_a_jour_est_laisse():
    s = Situation()
    procedure = s.avertie(notifie_le=jours(11))

    def observations_arrivees(lignes):
        # Written by the same transaction here; the UPDATE's WHERE re-checks the state.
        ProcedureSanction.objects.filter(pk=procedure.pk).update(statut=S.OBSERVATIONS_RECUES)

    assert balayage.traiter_lot(balayage.DELAI_EXPIRE, AUJOURDHUI, apres_verrou=observations_arrivees) == 0
    assert statut(procedure) == S.OBSERVATIONS_RECUES
    assert not HistoriqueProcedure.objects.filter(procedure=procedure, statut_apres=S.DELAI_EXPIRE).exists()


# --- The daily sweep --------------------------------------------------------------------


@pytest.mark.django_db
def test_sanction_echue_le_lendemain_de_son_dernier_jour():
    s = Situation()
    finit_hier, finit_ce_jour = s.en_cours(), s.en_cours()
    ProcedureSanction.objects.filter(pk=finit_hier.pk).update(debut=jours(40), fin=HIER)
    ProcedureSanction.objects.filter(pk=finit_ce_jour.pk).update(debut=jours(40), fin=AUJOURDHUI)
    assert balayer_sanctions_quotidien()["echues"] == 1
    assert statut(finit_ce_jour) == S.SANCTION_EN_COURS
    procedure = relire(finit_hier)
    assert procedure.statut == S.ECHUE and procedure.terminee_le == AUJOURDHUI
    assert journal(procedure)[-1] == (S.SANCTION_EN_COURS, S.ECHUE, None)
    assert balayer_sanctions_quotidien()["echues"] == 0


@pytest.mark.django_db
def test_suppression_totale_de_quatre_mois_signalee_une_fois():
    s = Situation()
    atteinte, pas_encore = s.en_cours(), s.en_cours()
    quatre_mois = ajouter_mois(AUJOURDHUI, -4)
    champs = {"mesure": Mesure.SUPPRESSION, "taux": 100, "duree_mois": 4, "fin": DEMAIN}
    ProcedureSanction.objects.filter(pk=atteinte.pk).update(debut=quatre_mois, **champs)
    ProcedureSanction.objects.filter(pk=pas_encore.pk).update(debut=quatre_mois + datetime.timedelta(days=1), **champs)
    assert balayer_sanctions_quotidien()["suppressions_totales"] == 1
    assert balayer_sanctions_quotidien()["suppressions_totales"] == 0
    notes = Notification.objects.filter(modele="sanctions/suppression_totale")
    assert [n.contexte["procedure"] for n in notes] == [atteinte.pk]
    sujet, corps = rendre_courriel(notes.get())
    assert str(atteinte.pk) in sujet and f"{quatre_mois:%d/%m/%Y}" in corps and "radiation" in corps
    # Flagged, not applied: the sanction runs on, nothing is decided by the timer.
    assert statut(atteinte) == S.SANCTION_EN_COURS


# --- Two real workers -------------------------------------------------------------------

N_DEUX_WORKERS = 40


def _nettoyer(situation):
    from francetravail.comptes.models import User
    from francetravail.personnes.models import Personne
    from francetravail.reseau.models import Membership, Organisation

    users = User.objects.filter(
        pk__in=[
            situation.referent.pk,
            situation.controleur.pk,
            situation.decideur_cd.pk,
            situation.equipe_pluri.pk,
            situation.delegue.pk,
            situation.mediateur.pk,
            situation.personne.user_id,
        ]
    )
    orgs = Organisation.objects.filter(
        pk__in=[
            situation.organisme.pk,
            situation.conseil.pk,
            situation.agence_regionale.pk,
            *Membership.objects.filter(user=situation.mediateur).values_list("organisation", flat=True),
        ]
    )
    personnes = Personne.objects.filter(pk=situation.personne.pk)
    procedures = ProcedureSanction.objects.filter(personne__in=personnes)
    # Everything that points at the procedures (log, letters, appeals…), whatever the other
    # engineers add: a few passes until the protected links are gone.
    for _ in range(4):
        for relation in ProcedureSanction._meta.related_objects:
            with contextlib.suppress(ProtectedError):
                relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": procedures}).delete()
    procedures.delete()
    Manquement.objects.filter(personne__in=personnes).delete()
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    Notification.objects.filter(destinataire__in=users).delete()
    Membership.objects.filter(user__in=users).delete()
    personnes.delete()
    users.delete()
    orgs.delete()


@pytest.mark.no_django_db
def test_deux_workers_reels_sur_les_memes_procedures(base_validee, celery_worker_reel):
    dernier = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with transaction.atomic():
        s = Situation()
        procedures = [s.avertie(notifie_le=jours(11)) for _ in range(N_DEUX_WORKERS)]
    try:
        # The prior notices' letters queued by the setup are sent by the first worker before the
        # second one starts: what the two workers then share is the sweep alone.
        from francetravail.notifications.enums import Statut

        def envois_termines(quoi):
            limite = time.monotonic() + 120
            while Notification.objects.filter(pk__gt=dernier, statut=Statut.EN_ATTENTE).exists():
                assert time.monotonic() < limite, f"{quoi} toujours en attente"
                time.sleep(0.2)

        envois_termines("courriers de la mise en place")
        tache = balayer_procedures.name
        # The second worker is another process: its own connections, its own threads.
        with worker_externe("balayage-second") as second:
            # Many small overlapping runs: both workers' threads lock, skip and re-check the same cases.
            envois = 16
            for _ in range(envois):
                balayer_procedures.delay(limit=3, aujourdhui=AUJOURDHUI.isoformat(), max_lots=4)
            limite = time.monotonic() + 120
            while celery_worker_reel.terminees(tache) + second.terminees(tache) < envois:
                assert time.monotonic() < limite, (
                    f"{celery_worker_reel.terminees(tache)} + {second.terminees(tache)} balayages sur {envois}"
                )
                time.sleep(0.1)
            assert second.terminees(tache) > 0, "le second worker n'a pris aucun balayage"
            # Nothing left running when the second worker stops (on a busy machine a send could still be going).
            envois_termines("notifications des balayages")
        # Whatever is left (the runs were bounded) is taken up by one more run.
        balayer_procedures(aujourdhui=AUJOURDHUI.isoformat())
        for procedure in procedures:
            assert statut(procedure) == S.A_DECIDER
            assert [(a, b) for a, b, _ in journal(procedure)][-2:] == [
                (S.AVERTISSEMENT_NOTIFIE, S.DELAI_EXPIRE),
                (S.DELAI_EXPIRE, S.A_DECIDER),
            ]
            # Each case moved once per step: one log row and one audit row each.
            assert HistoriqueProcedure.objects.filter(procedure=procedure, statut_apres=S.DELAI_EXPIRE).count() == 1
            assert HistoriqueProcedure.objects.filter(procedure=procedure, statut_apres=S.A_DECIDER).count() == 1
            assert audits(procedure).filter(data__apres=S.A_DECIDER).count() == 1
    finally:
        _nettoyer(s)
