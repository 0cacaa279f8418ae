"""The person's page and the team's procedure page say when the contradictory period really ends
(R5412-7): written observations do not end it, a requested hearing holds the case."""

import datetime

import pytest
from django.utils import timezone

from sanctions import actions
from sanctions.enums import StatutProcedure
from tests.sanctions.factories import Situation, relire

S = StatutProcedure


def espace(procedure):
    return f"/mon-espace/sanctions/{procedure.pk}/"


def fiche(procedure):
    return f"/conseiller/sanctions/{procedure.pk}/"


def etape(procedure, nom):
    return f"/conseiller/sanctions/{procedure.pk}/{nom}/"


def lire(client, user, adresse, statut=200):
    client.force_login(user)
    reponse = client.get(adresse)
    assert reponse.status_code == statut
    return reponse.content.decode()


@pytest.fixture
def s():
    return Situation()


def il_y_a(jours):
    return timezone.localdate() - datetime.timedelta(days=jours)


@pytest.mark.parametrize(("notifiee_il_y_a", "ouvert"), [(10, True), (11, False)])
def test_apres_des_observations_la_personne_peut_encore_demander_a_etre_entendue(client, s, notifiee_il_y_a, ouvert):
    procedure = s.avertie(notifie_le=il_y_a(notifiee_il_y_a))
    procedure = actions.enregistrer_observations(
        procedure,
        acting_user=s.controleur,
        observations="Courrier du troisième jour.",
        recues_le=procedure.avertissement_notifie_le + datetime.timedelta(days=3),
    )
    page = lire(client, s.personne.user, espace(procedure))
    liste = lire(client, s.personne.user, "/mon-espace/sanctions/")
    phrase = (
        f"Vous pouvez encore demander à être entendu(e) jusqu’au {procedure.echeance_observations:%d/%m/%Y} inclus"
    )
    if ouvert:
        assert phrase in page and phrase in liste
        assert "Je demande à être entendu(e)" in page
        reponse = client.post(espace(procedure), {"repondre": "1", "choix": "entendu", "accompagnant": "Son frère"})
        assert reponse.status_code == 302
        procedure = relire(procedure)
        assert procedure.statut == S.AUDITION_DEMANDEE and procedure.audition_assistee_par == "Son frère"
        assert "Courrier du troisième jour." in procedure.observations  # kept
    else:
        assert phrase not in page and "Je demande à être entendu(e)" not in page
        assert f"Le délai pour répondre a pris fin le {procedure.echeance_observations:%d/%m/%Y}" in page
        # A crafted POST after the period changes nothing.
        client.post(espace(procedure), {"repondre": "1", "choix": "entendu", "accompagnant": ""})
        procedure = relire(procedure)
        assert procedure.statut == S.OBSERVATIONS_RECUES and procedure.audition_demandee_le is None


def test_la_page_de_l_equipe_dit_la_vraie_fin_du_delai_et_l_audition_a_tenir(client, s):
    procedure = s.avertie(notifie_le=il_y_a(4))
    page = lire(client, s.controleur, fiche(procedure))
    echeance = procedure.echeance_observations
    lendemain = echeance + datetime.timedelta(days=1)
    assert f"demander à être entendue jusqu’au {echeance:%d/%m/%Y} inclus" in page
    assert f"Transmission au décideur possible à partir du {lendemain:%d/%m/%Y}" in page
    # The person asks to be heard from their space: the team's page and queue show the hearing to hold.
    client.force_login(s.personne.user)
    client.post(espace(procedure), {"repondre": "1", "choix": "entendu", "observations": "", "accompagnant": ""})
    procedure = relire(procedure)
    assert procedure.statut == S.AUDITION_DEMANDEE
    page = lire(client, s.controleur, fiche(procedure))
    assert f"Audition demandée le {timezone.localdate():%d/%m/%Y} : à organiser" in page
    assert "Enregistrer l’audition" in page and "Constater l’absence à l’audition" in page
    assert "Transmettre au décideur" not in page
    file = lire(client, s.controleur, "/conseiller/sanctions/")
    assert "1 audition demandée à tenir" in file and "?statut=audition_demandee" in file
    assert client.post(etape(procedure, "a_decider")).status_code == 404
    assert relire(procedure).statut == S.AUDITION_DEMANDEE


def test_l_absence_a_l_audition_par_la_page_champ_en_erreur_puis_accepte(client, s):
    procedure = actions.demander_audition(
        s.avertie(notifie_le=il_y_a(12)), acting_user=s.controleur, demandee_le=il_y_a(9)
    )
    client.force_login(s.controleur)
    demain = timezone.localdate() + datetime.timedelta(days=1)
    donnees = {"absence_audition-prevue_le": demain.isoformat(), "absence_audition-motif": "Convoquée par courrier."}
    reponse = client.post(etape(procedure, "absence_audition"), donnees)
    page = reponse.content.decode()
    assert reponse.status_code == 200 and "absence_audition-prevue_le_error" in page
    assert "Convoquée par courrier." in page  # input kept
    assert relire(procedure).statut == S.AUDITION_DEMANDEE
    reponse = client.post(
        etape(procedure, "absence_audition"),
        {**donnees, "absence_audition-prevue_le": timezone.localdate().isoformat()},
    )
    assert reponse.status_code == 302
    procedure = relire(procedure)
    assert procedure.statut == S.AUDITION_MANQUEE and procedure.audition_prevue_le == timezone.localdate()
    # Day 12: the period is over, the hearing's date was today: the case may go before its decider now.
    assert client.post(etape(procedure, "a_decider")).status_code == 302
    procedure = relire(procedure)
    assert procedure.statut == S.A_DECIDER
    assert procedure.decision_due_le == timezone.localdate() + datetime.timedelta(days=15)
    assert "Vous ne vous y êtes pas présenté(e)." in lire(client, s.personne.user, espace(procedure))


def test_une_demande_recue_au_guichet_le_dixieme_jour_enregistree_le_onzieme(client, s):
    procedure = actions.mettre_a_decider(s.delai_expire())  # notice 11 days ago, before the decider since today
    client.force_login(s.controleur)
    en_retard = {"demande_audition-demandee_le": timezone.localdate().isoformat()}
    reponse = client.post(etape(procedure, "demande_audition"), en_retard)
    assert reponse.status_code == 200 and "demande_audition-demandee_le_error" in reponse.content.decode()
    assert relire(procedure).statut == S.A_DECIDER
    dans_le_delai = {"demande_audition-demandee_le": procedure.echeance_observations.isoformat()}
    assert client.post(etape(procedure, "demande_audition"), dans_le_delai).status_code == 302
    procedure = relire(procedure)
    assert procedure.statut == S.AUDITION_DEMANDEE and procedure.decision_due_le is None
