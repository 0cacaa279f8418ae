"""The 10-day contradictory period is never cut short (C. trav. R5412-7, R5412-7-1; CASF R262-68 and
the RSA prior-notice article, décret 2025-478).

The person has the whole period to send written observations OR ask to be heard: written
observations received on day 3 do not end it, because the person may still ask for a hearing
until day 10. A case goes before its decider only once the 10 days have run out, or once a
hearing has been held; the 15-day decision window starts then. A hearing requested within the
period and not yet held keeps the case in the contradictory phase; a person who does not come to
the hearing they asked for closes it at the later of the hearing's date and the period's end.

Day 0 is the prior notice's provable date (``avertissement_notifie_le``); day 10 is the period's
last day, included. Each case runs for every public (allocation with France Travail, CEJ with a
Mission locale, RSA with the département, no allocation), through the actions and through the
sweep, whose query must agree with the action on both sides of each bound.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.reseau.enums import Role
from sanctions import actions, balayage, delais
from sanctions.enums import Mesure, Public, StatutProcedure, TypeManquement
from sanctions.models import HistoriqueProcedure, ProcedureSanction
from sanctions.tasks import balayer_procedures
from tests.factories import OrganisationFactory, professionnel
from tests.sanctions.factories import Situation, relire

S = StatutProcedure
AUJOURDHUI = timezone.localdate


def jour(n, depuis):
    return depuis + datetime.timedelta(days=n)


class Cas:
    """One public: its situation, the manquement it is controlled for, its decider and a valid decision."""

    def __init__(self, public):
        self.nom = public
        if public == "allocation_france_travail":
            self.s, self.manquement = Situation(), TypeManquement.M1
            self.decideur = self.s.delegue
        elif public == "cej_mission_locale":
            self.s = Situation(organisme=OrganisationFactory(mission_locale=True))
            self.manquement = TypeManquement.M1
            self.decideur = professionnel(self.s.organisme, role=Role.DELEGUE_SANCTIONS)
        elif public == "rsa":
            self.s = Situation(public=Public.RSA, organisme=OrganisationFactory(conseil_departemental=True))
            self.manquement, self.decideur = TypeManquement.RSA_NON_RESPECT, self.s.decideur_cd
        else:
            self.s, self.manquement = Situation(public=Public.SANS_ALLOCATION), TypeManquement.M1
            self.decideur = self.s.delegue

    def avertie(self, notifiee_il_y_a):
        return self.s.avertie(
            notifie_le=AUJOURDHUI() - datetime.timedelta(days=notifiee_il_y_a), type_manquement=self.manquement
        )

    def decision(self):
        if self.nom == "sans_allocation":
            return {
                "mesure": Mesure.AVERTISSEMENT,
                "fin": AUJOURDHUI() + datetime.timedelta(days=30),
                "motivation": "Manquement établi.",
            }
        return {"mesure": Mesure.SUSPENSION, "taux": 30, "duree_mois": 1, "motivation": "Manquement établi."}

    def decider(self, procedure):
        return actions.decider(procedure, acting_user=self.decideur, **self.decision())


PUBLICS = ["allocation_france_travail", "cej_mission_locale", "rsa", "sans_allocation"]
# What the person did within the period (dated day 3), and whether the case may then go before
# its decider on day 9, 10, 11 (``None``: whatever the day).
REPONSES = {
    "aucune": 11,
    "observations": 11,
    "audition_tenue": None,
    "audition_demandee": "jamais",
    "observations_puis_audition_demandee": "jamais",
}


def repondre(cas, procedure, reponse):
    """The person's answer on day 3 of the period, recorded by the control team with its date."""
    s, jour3 = cas.s, jour(3, procedure.avertissement_notifie_le)
    if reponse in ("observations", "observations_puis_audition_demandee"):
        procedure = actions.enregistrer_observations(
            procedure, acting_user=s.controleur, observations="J'étais malade ce jour-là.", recues_le=jour3
        )
    if reponse in ("audition_demandee", "observations_puis_audition_demandee"):
        procedure = actions.demander_audition(procedure, acting_user=s.controleur, demandee_le=jour3)
    if reponse == "audition_tenue":
        procedure = actions.tenir_audition(
            procedure, acting_user=s.controleur, compte_rendu="Entendue avec sa sœur.", tenue_le=jour3
        )
    return relire(procedure)


def attendu(reponse, jour_du_delai):
    regle = REPONSES[reponse]
    if regle is None:
        return True
    if regle == "jamais":
        return False
    return jour_du_delai >= regle


def essai(fonction, *args, **kwargs):
    """Runs an action in a savepoint rolled back: did the action accept?"""
    try:
        with transaction.atomic():
            fonction(*args, **kwargs)
            transaction.set_rollback(True)
    except ValidationError:
        return False
    return True


def vers_le_decideur(procedure, aujourdhui):
    """Through the actions, as the team's buttons do: the delay's expiry if nothing came, then « à décider »."""
    procedure = relire(procedure)
    if procedure.statut == S.AVERTISSEMENT_NOTIFIE:
        procedure = actions.constater_delai_expire(procedure, aujourdhui=aujourdhui)
    return actions.mettre_a_decider(procedure, aujourdhui=aujourdhui)


# --- Through the actions ----------------------------------------------------------------------


@pytest.mark.parametrize("public", PUBLICS)
@pytest.mark.parametrize("jour_du_delai", [9, 10, 11])
@pytest.mark.parametrize("reponse", list(REPONSES))
def test_a_decider_seulement_au_terme_du_delai_ou_apres_une_audition(public, jour_du_delai, reponse):
    cas = Cas(public)
    procedure = repondre(cas, cas.avertie(jour_du_delai), reponse)
    echeance = procedure.echeance_observations
    assert echeance == jour(10, procedure.avertissement_notifie_le)  # day 10 is the last day, included
    aujourdhui = AUJOURDHUI()
    etat_avant = procedure.statut
    historique_avant = HistoriqueProcedure.objects.filter(procedure=procedure).count()
    if attendu(reponse, jour_du_delai):
        procedure = vers_le_decideur(procedure, aujourdhui)
        assert procedure.statut == S.A_DECIDER
        assert procedure.a_decider_le == aujourdhui
        depart = procedure.audition_le if reponse == "audition_tenue" else echeance
        assert procedure.decision_due_le == depart + datetime.timedelta(days=15)
        procedure = cas.decider(procedure)
        assert procedure.statut == S.DECISION_NOTIFIEE
    else:
        with pytest.raises(ValidationError) as refus:
            vers_le_decideur(procedure, aujourdhui)
        message = " ".join(refus.value.messages)
        if "audition_demandee" in reponse:
            assert "Audition demandée" in message
        else:
            assert f"court jusqu'au {echeance:%d/%m/%Y} inclus" in message
        # A refused step leaves the case as it was.
        procedure = relire(procedure)
        assert procedure.statut == etat_avant
        assert procedure.a_decider_le is None and procedure.decision_due_le is None
        assert HistoriqueProcedure.objects.filter(procedure=procedure).count() == historique_avant


@pytest.mark.parametrize("public", PUBLICS)
@pytest.mark.parametrize(("jour_du_delai", "accepte"), [(9, False), (10, False), (11, True)])
def test_la_decision_elle_meme_attend_le_terme_malgre_des_observations(public, jour_du_delai, accepte):
    # Written observations on day 3 used to let the decision through at once; the case is put
    # before the decider by other means here, to test the decision's own check.
    cas = Cas(public)
    procedure = repondre(cas, cas.avertie(jour_du_delai), "observations")
    ProcedureSanction.objects.filter(pk=procedure.pk).update(
        statut=S.A_DECIDER, decision_due_le=AUJOURDHUI() + datetime.timedelta(days=30)
    )
    procedure = relire(procedure)
    if accepte:
        assert cas.decider(procedure).statut == S.DECISION_NOTIFIEE
    else:
        with pytest.raises(ValidationError, match="délai d'observations court"):
            cas.decider(procedure)
        procedure = relire(procedure)
        assert procedure.statut == S.A_DECIDER and procedure.decidee_le is None and procedure.mesure == ""


# --- Through the sweep, and the sweep's query agrees with the action ---------------------------


@pytest.mark.parametrize("public", PUBLICS)
@pytest.mark.parametrize("jour_du_delai", [9, 10, 11])
@pytest.mark.parametrize("reponse", list(REPONSES))
def test_le_balayage_suit_la_meme_regle(public, jour_du_delai, reponse):
    cas = Cas(public)
    procedure = repondre(cas, cas.avertie(jour_du_delai), reponse)
    aujourdhui = AUJOURDHUI()
    # Each query filter states the action's rule: on both sides of each bound, they agree.
    for etape, action in (
        (balayage.DELAI_EXPIRE, actions.constater_delai_expire),
        (balayage.A_DECIDER, actions.mettre_a_decider),
    ):
        selon_la_requete = etape.a_traiter(aujourdhui).filter(pk=procedure.pk).exists()
        selon_l_action = procedure.statut in etape.sources and essai(action, procedure, aujourdhui=aujourdhui)
        assert selon_la_requete is selon_l_action, (etape.nom, procedure.statut)
    balayer_procedures(aujourdhui=aujourdhui.isoformat())
    apres = relire(procedure)
    if attendu(reponse, jour_du_delai):
        assert apres.statut == S.A_DECIDER
        assert apres.decision_due_le == delais.decision_due_le(
            echeance_observations=apres.echeance_observations,
            audition_le=apres.audition_le,
            departement=cas.s.personne.departement_id,
        )
        ligne = HistoriqueProcedure.objects.filter(procedure=procedure).order_by("pk").last()
        assert ligne.user is None and ligne.statut_apres == S.A_DECIDER
    else:
        assert apres.statut == procedure.statut
        assert apres.decision_due_le is None
        assert not AuditEvent.objects.filter(
            event_type=TypeEvenement.SANCTION_TRANSITION, data__procedure=procedure.pk, acting_user=None
        ).exists()


@pytest.mark.parametrize("etat", ["observations_recues", "delai_expire", "audition_manquee", "audition_demandee"])
@pytest.mark.parametrize("notifiee_il_y_a", [9, 10, 11, 40])
def test_requete_et_action_d_accord_pour_chaque_etat_sans_audition_tenue(etat, notifiee_il_y_a):
    procedure = Situation().avertie(notifie_le=AUJOURDHUI() - datetime.timedelta(days=notifiee_il_y_a))
    demandee = {"audition_demandee_le": procedure.avertissement_notifie_le} if etat != "delai_expire" else {}
    ProcedureSanction.objects.filter(pk=procedure.pk).update(statut=etat, **demandee)
    procedure = relire(procedure)
    selon_la_requete = balayage.A_DECIDER.a_traiter(AUJOURDHUI()).filter(pk=procedure.pk).exists()
    assert selon_la_requete is essai(actions.mettre_a_decider, procedure)
    # A requested hearing not held keeps the case, however long ago the period ended.
    assert selon_la_requete is (etat != "audition_demandee" and notifiee_il_y_a > 10)


# --- The requested hearing --------------------------------------------------------------------


def test_la_demande_d_audition_vaut_jusqu_au_dixieme_jour_inclus():
    s = Situation()
    for il_y_a, accepte in ((10, True), (11, False)):
        procedure = s.avertie(notifie_le=AUJOURDHUI() - datetime.timedelta(days=il_y_a))
        if accepte:
            procedure = actions.demander_audition(procedure, acting_user=s.personne.user, accompagnant="Mme Roux")
            assert procedure.statut == S.AUDITION_DEMANDEE
            assert procedure.audition_demandee_le == AUJOURDHUI()
            assert procedure.audition_assistee_par == "Mme Roux"
            assert procedure.historique.last().user == s.personne.user
        else:
            with pytest.raises(ValidationError, match="a pris fin le"):
                actions.demander_audition(procedure, acting_user=s.personne.user)
            assert relire(procedure).statut == S.AVERTISSEMENT_NOTIFIE


def test_une_demande_faite_dans_le_delai_et_enregistree_tard_ramene_la_procedure_au_contradictoire():
    s = Situation()
    procedure = actions.mettre_a_decider(s.delai_expire())
    assert procedure.statut == S.A_DECIDER and procedure.decision_due_le
    echeance = procedure.echeance_observations
    with pytest.raises(ValidationError, match="a pris fin le"):
        actions.demander_audition(
            procedure, acting_user=s.controleur, demandee_le=echeance + datetime.timedelta(days=1)
        )
    assert relire(procedure).statut == S.A_DECIDER
    # A letter received on the last day, recorded the day after the sweep moved the case.
    procedure = actions.demander_audition(procedure, acting_user=s.controleur, demandee_le=echeance)
    assert procedure.statut == S.AUDITION_DEMANDEE
    assert procedure.a_decider_le is None and procedure.decision_due_le is None
    with pytest.raises(ValidationError):
        actions.decider(procedure, acting_user=s.delegue, **Cas("allocation_france_travail").decision())


def test_seule_la_personne_ou_l_equipe_demande_l_audition():
    s = Situation()
    procedure = s.avertie()
    for intrus in (Situation().personne.user, professionnel(), s.delegue):
        with pytest.raises(ValidationError):
            actions.demander_audition(procedure, acting_user=intrus)
    assert relire(procedure).statut == S.AVERTISSEMENT_NOTIFIE


def test_audition_demandee_puis_tenue_apres_le_delai():
    s = Situation()
    procedure = s.avertie(notifie_le=AUJOURDHUI() - datetime.timedelta(days=14))
    procedure = actions.demander_audition(
        procedure, acting_user=s.controleur, demandee_le=jour(5, procedure.avertissement_notifie_le)
    )
    balayer_procedures()
    assert relire(procedure).statut == S.AUDITION_DEMANDEE  # day 14: still waiting for the hearing
    procedure = actions.tenir_audition(relire(procedure), acting_user=s.controleur, compte_rendu="Entendu.")
    assert procedure.statut == S.AUDITION_TENUE
    balayer_procedures()
    procedure = relire(procedure)
    assert procedure.statut == S.A_DECIDER
    assert procedure.decision_due_le == AUJOURDHUI() + datetime.timedelta(days=15)


# --- The person does not come to the hearing they asked for ------------------------------------


def _absente(il_y_a, prevue_jour):
    s = Situation()
    procedure = s.avertie(notifie_le=AUJOURDHUI() - datetime.timedelta(days=il_y_a))
    notifie = procedure.avertissement_notifie_le
    procedure = actions.demander_audition(procedure, acting_user=s.controleur, demandee_le=jour(2, notifie))
    procedure = actions.constater_absence_audition(
        procedure,
        acting_user=s.controleur,
        prevue_le=jour(prevue_jour, notifie),
        motif="Convoquée par courrier remis contre signature ; ni venue ni excusée.",
    )
    return s, procedure


@pytest.mark.parametrize(("il_y_a", "accepte"), [(10, False), (11, True)])
def test_absence_a_une_audition_prevue_dans_le_delai_le_delai_court_jusqu_a_son_terme(il_y_a, accepte):
    s, procedure = _absente(il_y_a, prevue_jour=6)
    assert procedure.statut == S.AUDITION_MANQUEE and procedure.audition_le is None
    assert balayage.A_DECIDER.a_traiter(AUJOURDHUI()).filter(pk=procedure.pk).exists() is accepte
    if accepte:
        procedure = actions.mettre_a_decider(procedure)
        assert procedure.decision_due_le == procedure.echeance_observations + datetime.timedelta(days=15)
    else:
        with pytest.raises(ValidationError, match="délai d'observations court"):
            actions.mettre_a_decider(procedure)


def test_absence_a_une_audition_prevue_apres_le_delai_les_quinze_jours_partent_de_l_audition():
    s, procedure = _absente(14, prevue_jour=14)
    assert procedure.audition_prevue_le == AUJOURDHUI()
    balayer_procedures()
    procedure = relire(procedure)
    assert procedure.statut == S.A_DECIDER
    assert procedure.decision_due_le == AUJOURDHUI() + datetime.timedelta(days=15)
    assert procedure.decision_due_le == delais.decision_due_le(
        echeance_observations=procedure.echeance_observations,
        audition_prevue_le=procedure.audition_prevue_le,
        departement=s.personne.departement_id,
    )


def test_l_absence_ne_se_constate_qu_apres_la_date_prevue_et_par_l_equipe():
    s = Situation()
    procedure = actions.demander_audition(s.avertie(), acting_user=s.personne.user)
    demain = AUJOURDHUI() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="prévue"):
        actions.constater_absence_audition(procedure, acting_user=s.controleur, prevue_le=demain, motif="Convoquée.")
    with pytest.raises(ValidationError, match="convoquée"):
        actions.constater_absence_audition(procedure, acting_user=s.controleur, prevue_le=AUJOURDHUI(), motif=" ")
    with pytest.raises(ValidationError, match="équipe"):
        actions.constater_absence_audition(
            procedure, acting_user=s.delegue, prevue_le=AUJOURDHUI(), motif="Convoquée."
        )
    assert relire(procedure).statut == S.AUDITION_DEMANDEE
    # The person comes later with a reason: the hearing is still held.
    procedure = actions.constater_absence_audition(
        procedure, acting_user=s.controleur, prevue_le=AUJOURDHUI(), motif="Convoquée par téléphone."
    )
    procedure = actions.tenir_audition(procedure, acting_user=s.controleur, compte_rendu="Venue le lendemain.")
    assert procedure.statut == S.AUDITION_TENUE


def test_des_observations_complementaires_dans_le_delai_ne_ferment_rien():
    s = Situation()
    procedure = s.avertie(notifie_le=AUJOURDHUI() - datetime.timedelta(days=10))
    notifie = procedure.avertissement_notifie_le
    procedure = actions.enregistrer_observations(
        procedure, acting_user=s.controleur, observations="Premier courrier.", recues_le=jour(3, notifie)
    )
    procedure = actions.enregistrer_observations(
        procedure, acting_user=s.personne.user, observations="Un justificatif."
    )
    assert procedure.statut == S.OBSERVATIONS_RECUES
    assert "Premier courrier." in procedure.observations and "Un justificatif." in procedure.observations
    assert procedure.observations_recues_le == jour(3, notifie)
    with pytest.raises(ValidationError, match="délai d'observations court"):
        actions.mettre_a_decider(procedure)
