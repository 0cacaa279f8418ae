"""Each domain action tells the subscribed organisations through the webhooks' outbox, in its own transaction:
one delivery per subscribed organisation, none to an unsubscribed one or for an event not chosen, none when the
action is refused or rolled back. Payloads hold ids, statuses, dates and API paths, never a file's content."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from contrats import actions as contrats_actions
from entreprises import candidatures
from francetravail.partenaires.enums import EvenementWebhook as E
from francetravail.partenaires.models import LivraisonWebhook
from francetravail.rendezvous import actions as rdv_actions
from francetravail.rendezvous.enums import StatutRendezVous
from francetravail.reseau.enums import Role
from orientation import actions as orientation_actions
from sanctions import actions as sanctions_actions
from tests.api.webhooks.outils import abonner
from tests.contrats.factories import Situation as SituationContrat
from tests.entreprises import factories as f
from tests.factories import MembershipFactory, OrganisationFactory, PersonneFactory, professionnel
from tests.inscription.factories import dossier_complet
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans, rdv_reserve
from tests.sanctions.factories import Situation as SituationSanction


def livraisons(abonnement, evenement=None):
    qs = LivraisonWebhook.objects.filter(abonnement=abonnement)
    if evenement:
        qs = qs.filter(evenement=evenement)
    return list(qs.order_by("pk"))


class Annulation(Exception):
    pass


def annulee(action):
    """Runs ``action`` in a transaction rolled back afterwards (a later step of the request failed)."""

    def executer():
        with transaction.atomic():
            action()
            raise Annulation

    with pytest.raises(Annulation):
        executer()


# --- Appointments --------------------------------------------------------------------------------


@pytest.fixture
def rdv_situation():
    agence = OrganisationFactory(departement_id="59")
    referent = OrganisationFactory(departement_id="59")
    conseiller = professionnel(agence, Role.CONSEILLER)
    # Also a conseiller of the person's organisme référent: may book in the agency's agenda for them.
    MembershipFactory(user=conseiller, organisation=referent, role=Role.CONSEILLER)
    return {
        "agence": agence,
        "referent": referent,
        "conseiller": conseiller,
        "agenda": AgendaFactory(organisation=agence),
        "personne": PersonneFactory(avec_compte=True, organisme_referent=referent),
    }


def test_rendezvous_pris_est_dit_a_l_agenda_et_a_l_organisme_referent(rdv_situation):
    s = rdv_situation
    de_l_agenda, _ = abonner(s["agence"], evenements=[E.RENDEZVOUS_PRIS])
    du_referent, _ = abonner(s["referent"], evenements=[E.RENDEZVOUS_PRIS, E.RENDEZVOUS_ANNULE])
    autre, _ = abonner(OrganisationFactory(), evenements=E.values)
    ne_veut_pas, _ = abonner(s["agence"], evenements=[E.RENDEZVOUS_HONORE])

    rdv = rdv_actions.reserver(s["personne"], CreneauFactory(agenda=s["agenda"]), acting_user=s["conseiller"])

    (une,) = livraisons(de_l_agenda)
    assert une.evenement == E.RENDEZVOUS_PRIS
    assert une.charge["rendezvous"] == rdv.pk
    assert une.charge["lien"] == f"/api/v1/rendezvous/{rdv.pk}/"
    assert une.charge["personne_lien"] == f"/api/v1/personnes/{s['personne'].pk}/"
    assert une.charge["statut"] == StatutRendezVous.RESERVE
    assert set(une.charge) == {
        "rendezvous",
        "lien",
        "personne",
        "personne_lien",
        "organisation",
        "statut",
        "debut",
        "date",
    }
    assert len(livraisons(du_referent)) == 1
    assert livraisons(autre) == []
    assert livraisons(ne_veut_pas) == []

    rdv_actions.annuler(rdv, acting_user=s["conseiller"], motif="Conseiller absent")
    assert [une.evenement for une in livraisons(du_referent)] == [E.RENDEZVOUS_PRIS, E.RENDEZVOUS_ANNULE]
    assert "Conseiller absent" not in str(livraisons(du_referent)[-1].charge)  # the reason is not sent
    assert len(livraisons(de_l_agenda)) == 1  # it did not ask for cancellations


@pytest.mark.parametrize(
    ("statut", "evenement"),
    [
        (StatutRendezVous.HONORE, E.RENDEZVOUS_HONORE),
        (StatutRendezVous.ABSENT, E.RENDEZVOUS_MANQUE),
        (StatutRendezVous.EXCUSE, E.RENDEZVOUS_MANQUE),
    ],
)
def test_la_presence_est_dite_honoree_ou_manquee(rdv_situation, statut, evenement):
    s = rdv_situation
    abonnement, _ = abonner(s["agence"], evenements=[E.RENDEZVOUS_HONORE, E.RENDEZVOUS_MANQUE])
    rdv = rdv_reserve(s["personne"], CreneauFactory(agenda=s["agenda"], passe=True))
    rdv_actions.enregistrer_presence(rdv, statut, acting_user=s["conseiller"], motif="Malade")
    (une,) = livraisons(abonnement)
    assert (une.evenement, une.charge["statut"]) == (evenement, statut)
    assert "Malade" not in str(une.charge)


def test_un_deplacement_et_une_correction_de_presence_sont_dits(rdv_situation):
    s = rdv_situation
    abonnement, _ = abonner(s["agence"], evenements=[E.RENDEZVOUS_PRIS, E.RENDEZVOUS_HONORE, E.RENDEZVOUS_MANQUE])
    rdv = rdv_actions.reserver(s["personne"], CreneauFactory(agenda=s["agenda"]), acting_user=s["conseiller"])
    rdv_actions.deplacer(
        rdv, CreneauFactory(agenda=s["agenda"], debut=dans(6)), acting_user=s["conseiller"], motif="Conseiller absent"
    )
    prise, deplacement = livraisons(abonnement)
    assert (prise.evenement, deplacement.evenement) == (E.RENDEZVOUS_PRIS, E.RENDEZVOUS_PRIS)
    assert deplacement.charge["deplace"] is True and deplacement.charge["debut"] != prise.charge["debut"]

    passe = rdv_reserve(s["personne"], CreneauFactory(agenda=s["agenda"], passe=True))
    rdv_actions.enregistrer_presence(passe, StatutRendezVous.ABSENT, acting_user=s["conseiller"])
    rdv_actions.corriger_presence(
        passe, StatutRendezVous.HONORE, acting_user=s["conseiller"], correction="Présent, mal pointé"
    )
    manque, corrige = livraisons(abonnement)[2:]
    assert (manque.evenement, corrige.evenement) == (E.RENDEZVOUS_MANQUE, E.RENDEZVOUS_HONORE)
    assert corrige.charge["correction"] is True
    assert "mal pointé" not in str(corrige.charge)


def test_une_reservation_refusee_ou_annulee_n_emet_rien(rdv_situation):
    s = rdv_situation
    abonnement, _ = abonner(s["agence"])
    creneau = CreneauFactory(agenda=s["agenda"])
    annulee(lambda: rdv_actions.reserver(s["personne"], creneau, acting_user=s["conseiller"]))
    assert livraisons(abonnement) == []
    etranger = professionnel(OrganisationFactory(), Role.CONSEILLER)
    with pytest.raises(ValidationError):
        rdv_actions.reserver(s["personne"], creneau, acting_user=etranger)
    assert livraisons(abonnement) == []


def test_emettre_n_envoie_rien_avant_le_commit_et_rien_si_annule(rdv_situation, django_capture_on_commit_callbacks):
    s = rdv_situation
    abonner(s["agence"])
    with django_capture_on_commit_callbacks() as rappels:
        annulee(
            lambda: rdv_actions.reserver(
                s["personne"], CreneauFactory(agenda=s["agenda"]), acting_user=s["conseiller"]
            )
        )
    assert rappels == []  # rolled back: nothing queued
    with django_capture_on_commit_callbacks() as rappels:
        rdv_actions.reserver(s["personne"], CreneauFactory(agenda=s["agenda"]), acting_user=s["conseiller"])
    assert len(rappels) >= 1


# --- Orientation ----------------------------------------------------------------------------------


def test_la_decision_d_orientation_est_dite_a_l_organisme_et_au_departement():
    agence = OrganisationFactory(departement_id="59")
    conseil = OrganisationFactory(conseil_departemental=True, departement_id="59")
    conseil_ailleurs = OrganisationFactory(conseil_departemental=True, departement_id="62")
    conseiller = professionnel(agence, Role.CONSEILLER)
    personne = PersonneFactory(avec_compte=True, organisme_referent=agence, date_naissance=datetime.date(1990, 5, 1))
    dossier_complet(personne)
    de_l_agence, _ = abonner(agence, evenements=[E.PERSONNE_ORIENTEE])
    du_conseil, _ = abonner(conseil, evenements=[E.PERSONNE_ORIENTEE])
    d_ailleurs, _ = abonner(conseil_ailleurs, evenements=[E.PERSONNE_ORIENTEE])

    decision = orientation_actions.proposer(personne)
    assert livraisons(de_l_agence) == []  # a proposal is not a decision
    annulee(lambda: orientation_actions.confirmer(decision, acting_user=conseiller, organisme=agence))
    assert livraisons(de_l_agence) == []

    decision = orientation_actions.confirmer(decision, acting_user=conseiller, organisme=agence)
    (une,) = livraisons(de_l_agence)
    assert une.evenement == E.PERSONNE_ORIENTEE
    assert une.charge["personne"] == personne.pk
    assert une.charge["lien"] == f"/api/v1/personnes/{personne.pk}/"
    assert (une.charge["organisation"], une.charge["departement"]) == (agence.pk, "59")
    assert une.charge["parcours"] == decision.parcours
    assert len(livraisons(du_conseil)) == 1
    assert livraisons(d_ailleurs) == []


# --- Contracts ------------------------------------------------------------------------------------


def test_le_contrat_signe_puis_revise_est_dit_a_l_organisme():
    s = SituationContrat()
    abonnement, _ = abonner(s.organisme, evenements=[E.CONTRAT_SIGNE, E.CONTRAT_REVISE])
    seulement_signe, _ = abonner(s.organisme, evenements=[E.CONTRAT_SIGNE])
    accepte = s.accepte()
    assert livraisons(abonnement) == []
    annulee(lambda: contrats_actions.contresigner(accepte, acting_user=s.referent))
    assert livraisons(abonnement) == []

    contrat = contrats_actions.contresigner(accepte, acting_user=s.referent)
    (signe,) = livraisons(abonnement)
    assert signe.evenement == E.CONTRAT_SIGNE
    assert (signe.charge["contrat"], signe.charge["version"]) == (contrat.pk, 1)
    assert signe.charge["lien"] == f"/api/v1/contrats/{contrat.pk}/"

    contrats_actions.ouvrir_revision(contrat, acting_user=s.referent, motif="Point d'étape")
    contrat = contrats_actions.soumettre(contrat, acting_user=s.referent)
    contrat = contrats_actions.accepter(contrat, acting_user=s.personne.user)
    contrats_actions.contresigner(contrat, acting_user=s.referent)
    assert [(une.evenement, une.charge["version"]) for une in livraisons(abonnement)] == [
        (E.CONTRAT_SIGNE, 1),
        (E.CONTRAT_REVISE, 2),
    ]
    assert len(livraisons(seulement_signe)) == 1


# --- Sanction procedures --------------------------------------------------------------------------


def test_chaque_etape_de_la_procedure_est_dite_a_qui_la_conduit_et_a_qui_decide():
    s = SituationSanction()
    conduit, _ = abonner(s.organisme, evenements=[E.PROCEDURE_ETAPE])
    autre, _ = abonner(OrganisationFactory(), evenements=[E.PROCEDURE_ETAPE])
    procedure = s.ouverte()
    decide, _ = abonner(procedure.organisation_decisionnaire, evenements=[E.PROCEDURE_ETAPE])
    examen = {"examen": "Situation revue.", "accompagnement_fourni": "Trois entretiens."}
    annulee(lambda: sanctions_actions.examiner(procedure, acting_user=s.controleur, **examen))
    assert len(livraisons(conduit)) == 1
    procedure = sanctions_actions.examiner(procedure, acting_user=s.controleur, **examen)

    etapes = livraisons(conduit)
    assert [une.charge["statut"] for une in etapes] == ["ouverte", procedure.statut]
    assert etapes[0].charge["lien"] == f"/api/v1/procedures/{procedure.pk}/"
    assert [une.charge["statut"] for une in livraisons(decide)] == [procedure.statut]
    assert livraisons(autre) == []
    for une in etapes:
        assert set(une.charge) == {
            "procedure",
            "lien",
            "personne",
            "personne_lien",
            "organisation",
            "organisation_decisionnaire",
            "statut",
            "date",
        }


# --- Applications ---------------------------------------------------------------------------------


def test_le_statut_d_une_candidature_est_dit_a_l_organisation_qui_a_mis_en_relation():
    org = OrganisationFactory(departement_id="59")
    referent = professionnel(org, Role.CONSEILLER)
    personne = PersonneFactory(avec_compte=True, organisme_referent=org, referent_unique=referent)
    autre_personne = PersonneFactory(avec_compte=True, organisme_referent=org, referent_unique=referent)
    employeur_entreprise = f.entreprise()
    employeur = f.employeur(employeur_entreprise)
    offre = f.offre(employeur_entreprise, nb_postes=2, titre="Boulanger de nuit")
    abonnement, _ = abonner(org, evenements=[E.CANDIDATURE_STATUT])

    candidature = candidatures.mettre_en_relation(offre, personne, referent, "Expérience en boulangerie.")
    candidatures.accepter(candidature, acting_user=employeur, message="Venez mardi")
    assert [une.charge["statut"] for une in livraisons(abonnement)] == ["envoyee", "acceptee"]
    assert livraisons(abonnement)[0].charge["lien"] == f"/api/v1/candidatures/{candidature.pk}/"
    assert "boulangerie" not in str(livraisons(abonnement)[0].charge)
    assert "mardi" not in str(livraisons(abonnement)[1].charge)

    # The person's own application: no organisation put them forward, nobody is told.
    candidatures.candidater(offre, autre_personne, autre_personne.user, "Je suis motivé.")
    assert len(livraisons(abonnement)) == 2
