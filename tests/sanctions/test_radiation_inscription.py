"""A decided radiation ends the registration for its duration (C. trav. R5412-5), takes the person off
the lists of people to invite, and the registration reopens the day after its last day, or at once
when an appeal annuls it or the sanction is lifted."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contrats.regles import ajouter_mois
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.personnes import portefeuille
from francetravail.personnes.models import Personne
from francetravail.rendezvous import actions as rdv
from francetravail.rendezvous.models import RendezVous
from inscription import cessation
from inscription.actions import InscriptionRefusee, terminer_accompagnement, terminer_inscription
from inscription.enums import StatutInscription
from inscription.models import DossierInscription
from inscription.tasks import rouvrir_inscriptions
from sanctions import actions, delais, radiations
from sanctions.enums import Mesure, Public, StatutProcedure, StatutRecours, TypeManquement
from sanctions.tasks import appliquer_radiations
from tests.factories import OrganisationFactory
from tests.inscription.factories import dossier_complet
from tests.rendezvous.factories import CreneauFactory
from tests.sanctions.factories import Situation, relire
from tests.sanctions.situations_rsa import suppression_de_situation

pytestmark = pytest.mark.django_db

S = StatutProcedure


def aujourdhui():
    return timezone.localdate()


def jour(n):
    return aujourdhui() + datetime.timedelta(days=n)


def dossier(s):
    return DossierInscription.objects.get(personne=s.personne)


def radiation_m3(s, **kwargs):
    """A person without allowance refusing two ORE: radiation of 2 months (R5412-3, sanctions.m3_duree_premier)."""
    procedure = s.a_decider(type_manquement=TypeManquement.M3)
    return actions.decider(
        procedure,
        acting_user=s.delegue,
        mesure=Mesure.RADIATION,
        radiation_mois=2,
        motivation="Deux offres raisonnables d'emploi refusées sans motif.",
        **kwargs,
    )


@pytest.fixture
def s():
    situation = Situation(public=Public.SANS_ALLOCATION)
    dossier_complet(situation.personne)
    return situation


# --- The decision ceases the registration ---------------------------------------------------


def test_une_radiation_decidee_cesse_l_inscription_pour_sa_duree(s):
    procedure = radiation_m3(s)
    d = dossier(s)
    fin = ajouter_mois(aujourdhui(), 2) - datetime.timedelta(days=1)
    assert (d.statut, d.cessee_le, d.cessee_jusqu_au) == (StatutInscription.CESSEE, aujourdhui(), fin)
    assert relire(procedure).fin == fin == radiations.fin_radiation(relire(procedure))
    assert f"n° {procedure.pk}" in d.motif_cessation and "R5412-5" in d.motif_cessation
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.INSCRIPTION_CESSEE, personne=s.personne)
    assert evenement.acting_user == s.delegue and evenement.data["au"] == fin.isoformat()


def test_la_radiation_m4_apres_suppression_totale(s):
    s.public = Public.ALLOCATION
    procedure = s.a_decider(type_manquement=TypeManquement.M4)
    procedure = actions.decider(
        procedure,
        acting_user=s.delegue,
        mesure=Mesure.SUPPRESSION,
        taux=100,
        radiation_mois=6,
        motivation="Fausse déclaration d'activité.",
    )
    assert dossier(s).cessee_jusqu_au == ajouter_mois(aujourdhui(), 6) - datetime.timedelta(days=1)


def test_sans_radiation_rien_ne_change():
    s = Situation()
    dossier_complet(s.personne)
    s.decidee()  # a suspension: no radiation
    assert dossier(s).statut == StatutInscription.INSCRIT
    assert not AuditEvent.objects.filter(event_type=TypeEvenement.INSCRIPTION_CESSEE).exists()


def test_la_proposition_de_radiation_au_rsa_ne_cesse_rien():
    s = Situation(public=Public.RSA, organisme=OrganisationFactory(conseil_departemental=True))
    dossier_complet(s.personne)
    procedure = suppression_de_situation(s)
    assert procedure.radiation_mois == 4
    # France Travail radiates a bRSA on the PCD's proposal (L5426-1 I): not recorded here.
    assert dossier(s).statut == StatutInscription.INSCRIT


def test_sans_dossier_d_inscription_la_decision_passe():
    s = Situation(public=Public.SANS_ALLOCATION)
    procedure = radiation_m3(s)
    assert procedure.statut == S.DECISION_NOTIFIEE
    assert not DossierInscription.objects.filter(personne=s.personne).exists()


# --- A radiation decided to start later -----------------------------------------------------


def test_une_radiation_qui_commence_plus_tard_cesse_l_inscription_ce_jour_la(s):
    procedure = radiation_m3(s, debut=jour(1))
    assert dossier(s).statut == StatutInscription.INSCRIT
    assert appliquer_radiations(aujourdhui=aujourdhui().isoformat()) == 0
    assert dossier(s).statut == StatutInscription.INSCRIT
    assert appliquer_radiations(aujourdhui=jour(1).isoformat()) == 1
    d = dossier(s)
    assert (d.statut, d.cessee_le, d.cessee_jusqu_au) == (StatutInscription.CESSEE, jour(1), relire(procedure).fin)
    # Twice changes nothing twice.
    assert appliquer_radiations(aujourdhui=jour(1).isoformat()) == 0
    assert AuditEvent.objects.filter(event_type=TypeEvenement.INSCRIPTION_CESSEE, personne=s.personne).count() == 1


# --- The registration reopens the day after the last day ------------------------------------


def test_reouverture_le_lendemain_du_dernier_jour_par_l_action(s):
    radiation_m3(s)
    dernier = dossier(s).cessee_jusqu_au
    with pytest.raises(ValidationError, match=f"jusqu'au {dernier:%d/%m/%Y} inclus"):
        cessation.rouvrir_a_echeance(s.personne, aujourdhui=dernier)
    assert dossier(s).statut == StatutInscription.CESSEE
    d = cessation.rouvrir_a_echeance(s.personne, aujourdhui=dernier + datetime.timedelta(days=1))
    assert (d.statut, d.rouverte_le) == (StatutInscription.INSCRIT, dernier + datetime.timedelta(days=1))
    assert "Fin de la radiation" in d.motif_reouverture
    with pytest.raises(ValidationError, match="n'est pas cessée"):
        cessation.rouvrir_a_echeance(s.personne, aujourdhui=dernier + datetime.timedelta(days=2))


def test_reouverture_le_lendemain_du_dernier_jour_par_le_balayage(s):
    radiation_m3(s)
    autre = Situation(public=Public.SANS_ALLOCATION)
    dossier_complet(autre.personne)
    radiation_m3(autre, debut=jour(1))
    appliquer_radiations(aujourdhui=jour(1).isoformat())
    dernier = dossier(s).cessee_jusqu_au
    assert rouvrir_inscriptions(aujourdhui=dernier.isoformat()) == 0
    assert dossier(s).statut == StatutInscription.CESSEE
    assert rouvrir_inscriptions(aujourdhui=(dernier + datetime.timedelta(days=1)).isoformat()) == 1
    assert dossier(s).statut == StatutInscription.INSCRIT
    # The other one ends a day later; nothing is reopened twice.
    assert dossier(autre).statut == StatutInscription.CESSEE
    assert rouvrir_inscriptions(aujourdhui=(dernier + datetime.timedelta(days=1)).isoformat()) == 0
    assert rouvrir_inscriptions(aujourdhui=(dernier + datetime.timedelta(days=2)).isoformat()) == 1
    assert AuditEvent.objects.filter(event_type=TypeEvenement.INSCRIPTION_ROUVERTE).count() == 2


def test_le_balayage_est_borne(s):
    autres = []
    for _ in range(2):
        autre = Situation(public=Public.SANS_ALLOCATION)
        dossier_complet(autre.personne)
        radiation_m3(autre)
        autres.append(autre)
    radiation_m3(s)
    lendemain = dossier(s).cessee_jusqu_au + datetime.timedelta(days=1)
    assert cessation.rouvrir_inscriptions_echues(lendemain, limite=2) == 2
    assert cessation.rouvrir_inscriptions_echues(lendemain, limite=2) == 1


def test_une_inscription_jamais_confirmee_rouvre_en_cours():
    s = Situation(public=Public.SANS_ALLOCATION)
    dossier_complet(s.personne, statut=StatutInscription.EN_COURS, categorie="")
    radiation_m3(s)
    lendemain = dossier(s).cessee_jusqu_au + datetime.timedelta(days=1)
    assert cessation.rouvrir_a_echeance(s.personne, aujourdhui=lendemain).statut == StatutInscription.EN_COURS


def test_deux_radiations_l_inscription_reste_cessee_jusqu_a_la_plus_longue(s):
    premiere = radiation_m3(s)
    s.public = Public.ALLOCATION
    m4 = s.a_decider(type_manquement=TypeManquement.M4)
    m4 = actions.decider(
        m4, acting_user=s.delegue, mesure=Mesure.SUPPRESSION, taux=100, radiation_mois=6, motivation="Fraude."
    )
    d = dossier(s)
    assert (d.cessee_le, d.cessee_jusqu_au) == (aujourdhui(), relire(m4).fin)
    assert f"n° {m4.pk}" in d.motif_cessation
    # The longer one annulled on appeal: back to the first one's period, still ceased.
    recours = actions.former_recours(relire(m4), acting_user=s.personne.user, motifs="Erreur de déclaration.")
    recours = actions.instruire_recours(recours, acting_user=s.mediateur)
    actions.statuer_recours(recours, acting_user=s.mediateur, issue=StatutRecours.ANNULEE, motivation="Erreur.")
    d = dossier(s)
    assert (d.statut, d.cessee_jusqu_au) == (StatutInscription.CESSEE, relire(premiere).fin)


# --- Earlier: appeal, lifting ---------------------------------------------------------------


def test_un_recours_favorable_rouvre_l_inscription_aussitot(s):
    procedure = radiation_m3(s)
    recours = actions.former_recours(procedure, acting_user=s.personne.user, motifs="Les offres ne convenaient pas.")
    recours = actions.instruire_recours(recours, acting_user=s.mediateur)
    assert dossier(s).statut == StatutInscription.CESSEE
    actions.statuer_recours(
        recours, acting_user=s.mediateur, issue=StatutRecours.ANNULEE, motivation="Offres hors du projet."
    )
    d = dossier(s)
    assert (d.statut, d.rouverte_le) == (StatutInscription.INSCRIT, aujourdhui())
    assert "annulée" in d.motif_reouverture
    assert AuditEvent.objects.get(event_type=TypeEvenement.INSCRIPTION_ROUVERTE).acting_user == s.mediateur


def test_un_recours_maintenu_laisse_l_inscription_cessee(s):
    procedure = radiation_m3(s)
    recours = actions.instruire_recours(
        actions.former_recours(procedure, acting_user=s.personne.user, motifs="Je conteste."), acting_user=s.mediateur
    )
    actions.statuer_recours(recours, acting_user=s.mediateur, issue=StatutRecours.MAINTENUE, motivation="Fondée.")
    assert dossier(s).statut == StatutInscription.CESSEE


def test_une_radiation_reformee_change_la_date_de_reouverture(s):
    s.public = Public.ALLOCATION
    procedure = s.a_decider(type_manquement=TypeManquement.M4)
    procedure = actions.decider(
        procedure, acting_user=s.delegue, mesure=Mesure.SUPPRESSION, taux=100, radiation_mois=12, motivation="F."
    )
    assert dossier(s).cessee_jusqu_au == ajouter_mois(aujourdhui(), 12) - datetime.timedelta(days=1)
    recours = actions.instruire_recours(
        actions.former_recours(procedure, acting_user=s.personne.user, motifs="Trop long."), acting_user=s.mediateur
    )
    actions.statuer_recours(
        recours,
        acting_user=s.mediateur,
        issue=StatutRecours.REFORMEE,
        motivation="Première fraude.",
        mesure=Mesure.SUPPRESSION,
        taux=100,
        radiation_mois=6,
    )
    assert dossier(s).cessee_jusqu_au == ajouter_mois(aujourdhui(), 6) - datetime.timedelta(days=1)
    assert dossier(s).statut == StatutInscription.CESSEE


def test_une_sanction_levee_apres_remobilisation_rouvre_l_inscription(s):
    procedure = actions.demarrer_sanction(radiation_m3(s))
    procedure = actions.enregistrer_remobilisation(
        procedure, acting_user=s.referent, constat="A repris ses démarches."
    )
    actions.lever_par_remobilisation(procedure, acting_user=s.delegue)
    d = dossier(s)
    assert (d.statut, d.motif_reouverture) == (StatutInscription.INSCRIT, "Sanction levée après remobilisation.")


# --- Off the lists of people to invite ------------------------------------------------------


def test_pas_de_reinscription_pendant_la_radiation(s):
    radiation_m3(s)
    with pytest.raises(InscriptionRefusee, match="cessée jusqu'au"):
        terminer_inscription(dossier(s), acting_user=s.personne.user)
    assert dossier(s).statut == StatutInscription.CESSEE


def test_aucun_rendez_vous_propose_ni_reserve_pendant_la_radiation(s):
    from tests.rendezvous.factories import AgendaFactory

    agenda = AgendaFactory(organisation=s.organisme)
    creneau = CreneauFactory(agenda=agenda, debut=timezone.now() + datetime.timedelta(days=3))
    radiation_m3(s)
    avant = RendezVous.objects.count()
    with pytest.raises(ValidationError, match="cessée jusqu'au"):
        rdv.proposer_creneaux(s.personne, [creneau], acting_user=s.referent)
    with pytest.raises(ValidationError, match="cessée jusqu'au"):
        rdv.reserver(s.personne, creneau, acting_user=s.referent)
    assert RendezVous.objects.count() == avant
    # Reopened: invited again.
    lendemain = dossier(s).cessee_jusqu_au + datetime.timedelta(days=1)
    cessation.rouvrir_a_echeance(s.personne, aujourdhui=lendemain)
    assert rdv.proposer_creneaux(s.personne, [creneau], acting_user=s.referent)


def test_le_portefeuille_ne_signale_jamais_en_retard_une_personne_radiee(s):
    from orientation.enums import Parcours, StatutDecision, TypeOrganismeReferent
    from orientation.models import DecisionOrientation

    # Oriented 30 days ago without any appointment: late for the first appointment (15 days).
    il_y_a_30 = timezone.now() - datetime.timedelta(days=30)
    DecisionOrientation.objects.create(
        personne=s.personne,
        statut=StatutDecision.CONFIRMEE,
        explication="Parcours professionnel.",
        parcours_propose=Parcours.PROFESSIONNEL,
        type_organisme_propose=TypeOrganismeReferent.FRANCE_TRAVAIL,
        parcours=Parcours.PROFESSIONNEL,
        organisme=s.organisme,
        decidee_le=il_y_a_30,
        notifiee_le=il_y_a_30,
    )

    def en_retard():
        qs = portefeuille.annoter(Personne.objects.filter(pk=s.personne.pk))
        ligne = portefeuille.lignes(list(qs))[0][1]
        return qs.filter(portefeuille.en_retard_q()).exists(), any(retard for _texte, retard in ligne)

    assert en_retard() == (True, True)
    radiation_m3(s)
    assert en_retard() == (False, False)
    qs = portefeuille.annoter(Personne.objects.filter(pk=s.personne.pk))
    textes = [texte for texte, _ in portefeuille.lignes(list(qs))[0][1]]
    assert f"Inscription cessée jusqu'au {dossier(s).cessee_jusqu_au:%d/%m/%Y} (radiation)" in textes


def test_les_propositions_d_orientation_ne_prennent_pas_une_inscription_cessee(s):
    from orientation.masse import proposer_en_masse

    radiation_m3(s)
    assert proposer_en_masse([s.personne.pk]) == 0
    assert not s.personne.orientations.exists()
    cessation.rouvrir_a_echeance(s.personne, aujourdhui=dossier(s).cessee_jusqu_au + datetime.timedelta(days=1))
    assert proposer_en_masse([s.personne.pk]) == 1


def test_les_regles_en_requete_et_en_python_s_accordent(s):
    radiation_m3(s)
    d = dossier(s)
    for decalage in (0, 1):
        le = d.cessee_jusqu_au + datetime.timedelta(days=decalage)
        attendu = cessation.radiation_terminee(d, le)
        assert DossierInscription.objects.filter(cessation.q_a_rouvrir(le), pk=d.pk).exists() is attendu
        assert attendu is (decalage == 1)


def test_delais_fin_sanction_est_le_dernier_jour_de_la_radiation(s):
    procedure = relire(radiation_m3(s))
    assert radiations.fin_radiation(procedure) == delais.fin_sanction(procedure.debut, 2)


# --- An accompaniment the référent ended is not a radiation ---------------------------------


def test_une_radiation_ne_touche_pas_un_accompagnement_termine_et_le_balayage_le_sait(s):
    """A radiation starting on a later day, for a person whose accompaniment the référent ended meanwhile:
    the closure stays (no last day), and the hourly sweep counts it as covered, not as applied each hour."""
    radiation_m3(s, debut=jour(1))
    terminer_accompagnement(s.personne, acting_user=s.referent, motif="demande_personne")
    termine = (dossier(s).statut, dossier(s).cessee_le, dossier(s).cessee_jusqu_au)
    assert appliquer_radiations(aujourdhui=jour(1).isoformat()) == 0
    assert (dossier(s).statut, dossier(s).cessee_le, dossier(s).cessee_jusqu_au) == termine
    assert not AuditEvent.objects.filter(event_type=TypeEvenement.INSCRIPTION_CESSEE, personne=s.personne).exists()


def test_une_inscription_a_l_accompagnement_termine_ne_se_confirme_pas(s):
    terminer_accompagnement(s.personne, acting_user=s.referent, motif="formation")
    with pytest.raises(InscriptionRefusee, match="accompagnement est terminé"):
        terminer_inscription(dossier(s), acting_user=s.personne.user)
    assert dossier(s).accompagnement_termine
