"""The end of the RSA right on screen: the decider's queue and its count on the dashboard, the decision
page (decide, record a RAPO received), the person's space (the decision, the letter, the RAPO), and
the sweep's alert that links to the decision page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contrats.regles import ajouter_mois
from francetravail.notifications.dispatch import rendre_courriel
from francetravail.notifications.models import Notification
from francetravail.reseau.enums import Role
from inscription.models import DroitRSA
from sanctions import fin_droit
from sanctions.enums import Public, StatutProcedure
from sanctions.models import CourrierProcedure, FinDroitRSA, Recours, TypeCourrier
from sanctions.tasks import balayer_sanctions_quotidien
from tests.factories import OrganisationFactory, professionnel
from tests.sanctions.factories import Situation, relire
from tests.sanctions.situations_rsa import suppression_de_situation

pytestmark = pytest.mark.django_db

S = StatutProcedure
FILE = "/conseiller/sanctions/fins-de-droit/"
MOTIVATION = "Aucune démarche depuis la suppression, malgré trois convocations."


def page_decision(procedure):
    return f"/conseiller/sanctions/{procedure.pk}/fin-de-droit/"


def aujourdhui():
    return timezone.localdate()


@pytest.fixture
def s():
    return Situation(public=Public.RSA, organisme=OrganisationFactory(conseil_departemental=True))


def terminee(s, il_y_a_jours=0):
    return suppression_de_situation(s, debut=ajouter_mois(aujourdhui(), -4) - datetime.timedelta(days=il_y_a_jours))


def lire(client, user, adresse, statut=200):
    client.force_login(user)
    reponse = client.get(adresse)
    assert reponse.status_code == statut, reponse.status_code
    return reponse.content.decode()


def test_urls():
    assert reverse("backoffice:sanctions_fins_droit") == FILE
    assert reverse("backoffice:sanction_fin_droit", kwargs={"pk": 7}) == "/conseiller/sanctions/7/fin-de-droit/"
    assert reverse("sanctions:recours_fin_droit", kwargs={"pk": 7}) == "/mon-espace/sanctions/7/fin-de-droit/recours/"


# --- The queue and the dashboard ------------------------------------------------------------


def test_la_file_et_le_tableau_de_bord_du_decideur(client, s):
    possible = terminee(s)
    pas_encore = terminee(Situation(public=Public.RSA, organisme=s.conseil), il_y_a_jours=-1)
    page = lire(client, s.decideur_cd, FILE)
    assert possible.personne.nom_complet in page
    assert pas_encore.personne.nom_complet not in page
    assert "1 cas à décider" in page
    assert page_decision(possible) in page
    tableau = lire(client, s.decideur_cd, reverse("backoffice:accueil"))
    assert "Fins de droit au RSA à décider" in tableau and "1 à décider" in tableau
    assert FILE in tableau
    # Another département's decider has nothing; a conseiller has no tile and no queue.
    autre = professionnel(OrganisationFactory(conseil_departemental=True), role=Role.DECIDEUR_DEPARTEMENTAL)
    assert possible.personne.nom_complet not in lire(client, autre, FILE)
    assert "Fins de droit au RSA à décider" not in lire(client, s.controleur, reverse("backoffice:accueil"))
    lire(client, s.controleur, FILE, statut=404)


def test_la_file_a_un_nombre_de_requetes_independant_des_cas(client, s):
    terminee(s)
    client.force_login(s.decideur_cd)
    client.get(FILE)
    with CaptureQueriesContext(connection) as un:
        client.get(FILE)
    for _ in range(3):
        terminee(Situation(public=Public.RSA, organisme=s.conseil))
    with CaptureQueriesContext(connection) as quatre:
        assert "4 cas à décider" in client.get(FILE).content.decode()
    assert len(quatre) == len(un)


# --- The decision page ----------------------------------------------------------------------


def test_le_decideur_decide_depuis_la_page(client, s):
    procedure = terminee(s)
    page = lire(client, s.decideur_cd, page_decision(procedure))
    assert "Mettre fin au droit et notifier la décision" in page
    assert f"Les 4 mois sont atteints le {aujourdhui():%d/%m/%Y}" in page
    reponse = client.post(page_decision(procedure), {"fin_droit-motivation": MOTIVATION, "fin_droit-effet_le": ""})
    assert reponse.status_code == 302 and reponse["Location"] == page_decision(procedure)
    fin = FinDroitRSA.objects.get(procedure=procedure)
    assert (fin.decidee_par, fin.effet_le) == (s.decideur_cd, aujourdhui())
    page = lire(client, s.decideur_cd, page_decision(procedure))
    assert "Mettre fin au droit et notifier la décision" not in page
    assert "Décidée et notifiée" in page and MOTIVATION in page
    lettre = CourrierProcedure.objects.get(procedure=procedure, type_courrier=TypeCourrier.FIN_DROIT_RSA)
    assert reverse("backoffice:sanction_courrier", kwargs={"pk": procedure.pk, "courrier_pk": lettre.pk}) in page
    # The procedure page says so and links to it.
    assert page_decision(procedure) in lire(client, s.controleur, reverse("backoffice:sanction", args=[procedure.pk]))


def test_une_motivation_vide_est_refusee_sur_la_page(client, s):
    procedure = terminee(s)
    client.force_login(s.decideur_cd)
    reponse = client.post(page_decision(procedure), {"fin_droit-motivation": "   ", "fin_droit-effet_le": ""})
    assert reponse.status_code == 200
    assert "Erreur" in reponse.content.decode()
    assert not FinDroitRSA.objects.exists()
    assert DroitRSA.objects.get(personne=s.personne).fin_droit is None


def test_la_veille_la_page_dit_pourquoi_et_n_offre_pas_le_formulaire(client, s):
    procedure = terminee(s, il_y_a_jours=-1)
    page = lire(client, s.decideur_cd, page_decision(procedure))
    assert "Pas de décision possible aujourd’hui" in page
    assert f"à partir du {aujourdhui() + datetime.timedelta(days=1):%d/%m/%Y}" in page
    assert "Mettre fin au droit et notifier" not in page
    reponse = client.post(page_decision(procedure), {"fin_droit-motivation": MOTIVATION})
    assert reponse.status_code == 404
    assert not FinDroitRSA.objects.exists()


def test_l_equipe_lit_la_page_sans_pouvoir_decider(client, s):
    procedure = terminee(s)
    page = lire(client, s.controleur, page_decision(procedure))
    assert "Mettre fin au droit et notifier" not in page
    client.force_login(s.controleur)
    assert client.post(page_decision(procedure), {"fin_droit-motivation": MOTIVATION}).status_code == 404
    assert not FinDroitRSA.objects.exists()
    for user in (s.mediateur, s.delegue, s.personne.user):
        client.force_login(user)
        assert client.get(page_decision(procedure)).status_code in (302, 404)
        assert client.post(page_decision(procedure), {"fin_droit-motivation": MOTIVATION}).status_code in (302, 404)
    assert not FinDroitRSA.objects.exists()


def test_pas_de_page_de_fin_de_droit_hors_rsa(client):
    s = Situation()
    procedure = s.en_cours()
    lire(client, s.delegue, page_decision(procedure), statut=404)


def test_l_equipe_enregistre_un_rapo_recu_par_la_poste(client, s):
    procedure = terminee(s)
    fin = fin_droit.mettre_fin_au_droit(procedure, acting_user=s.decideur_cd, motivation=MOTIVATION)
    client.force_login(s.controleur)
    reponse = client.post(
        page_decision(procedure),
        {"recours": "1", "recours-motifs": "Recours reçu par courrier.", "recours-forme_le": ""},
    )
    assert reponse.status_code == 302
    recours = Recours.objects.get(fin_droit=fin)
    assert (recours.forme_par, recours.voie) == (s.controleur, "rapo")
    assert reverse("backoffice:sanction_recours", args=[recours.pk]) in lire(
        client, s.controleur, page_decision(procedure)
    )
    # The RAPO reaches the département's decider's list of appeals to instruct.
    liste = lire(client, s.decideur_cd, reverse("backoffice:sanctions_recours"))
    assert "Fin du droit au RSA" in liste
    assert "la fin du droit au RSA" in lire(
        client, s.decideur_cd, reverse("backoffice:sanction_recours", args=[recours.pk])
    )


# --- The person's space ---------------------------------------------------------------------


def test_la_personne_lit_la_decision_sa_lettre_et_forme_son_rapo(client, s):
    procedure = terminee(s)
    fin_droit.mettre_fin_au_droit(procedure, acting_user=s.decideur_cd, motivation=MOTIVATION)
    adresse = reverse("sanctions:procedure", args=[procedure.pk])
    page = lire(client, s.personne.user, adresse)
    assert "La fin de votre droit au RSA" in page and MOTIVATION in page
    assert f"au plus tard le <strong>{ajouter_mois(aujourdhui(), 2):%d/%m/%Y}</strong>" in page
    lettre = CourrierProcedure.objects.get(procedure=procedure, type_courrier=TypeCourrier.FIN_DROIT_RSA)
    assert reverse("sanctions:courrier", kwargs={"pk": procedure.pk, "courrier_pk": lettre.pk}) in page
    assert "Envoyer mon recours contre la fin de mon droit" in page
    # Opening the letter dates its receipt, from which the RAPO's two months run.
    assert (
        client.get(reverse("sanctions:courrier", kwargs={"pk": procedure.pk, "courrier_pk": lettre.pk})).status_code
        == 200
    )
    assert relire(lettre).recu_le == aujourdhui()
    recours = reverse("sanctions:recours_fin_droit", args=[procedure.pk])
    assert client.post(recours, {"recours_fin_droit-motifs": ""}).status_code == 302
    assert not Recours.objects.filter(fin_droit__procedure=procedure).exists()
    assert client.post(recours, {"recours_fin_droit-motifs": "J'ai signé mon contrat."}).status_code == 302
    assert Recours.objects.get(fin_droit__procedure=procedure).forme_par == s.personne.user
    page = lire(client, s.personne.user, adresse)
    assert "Recours formé le" in page and "Envoyer mon recours contre la fin de mon droit" not in page
    # Someone else's procedure: nothing, and nothing written.
    autre = Situation(public=Public.RSA).personne.user
    client.force_login(autre)
    assert client.post(recours, {"recours_fin_droit-motifs": "Pas le mien."}).status_code == 404
    assert Recours.objects.filter(fin_droit__procedure=procedure).count() == 1


def test_pas_de_recours_de_fin_de_droit_sans_decision(client, s):
    procedure = terminee(s)
    client.force_login(s.personne.user)
    adresse = reverse("sanctions:recours_fin_droit", args=[procedure.pk])
    assert client.post(adresse, {"recours_fin_droit-motifs": "x"}).status_code == 404
    assert client.get(adresse).status_code == 405
    assert not Recours.objects.exists()


# --- The sweep's alert ----------------------------------------------------------------------


def test_l_alerte_du_balayage_mene_a_la_page_de_decision(s):
    procedure = terminee(s)
    assert balayer_sanctions_quotidien()["suppressions_totales"] == 1
    note = Notification.objects.get(modele="sanctions/suppression_totale")
    assert note.destinataire == s.decideur_cd
    _sujet, corps = rendre_courriel(note)
    assert page_decision(procedure) in corps
    assert "mettre fin à son droit" in corps and "R262-40 3°" in corps
    assert s.personne.nom_naissance not in corps


def test_l_alerte_hors_rsa_mene_toujours_a_la_procedure():
    s = Situation()
    procedure = s.en_cours()
    from sanctions.models import ProcedureSanction

    debut = ajouter_mois(aujourdhui(), -4)
    ProcedureSanction.objects.filter(pk=procedure.pk).update(
        mesure="suppression", taux=100, duree_mois=4, debut=debut, fin=aujourdhui()
    )
    assert balayer_sanctions_quotidien()["suppressions_totales"] == 1
    _sujet, corps = rendre_courriel(Notification.objects.get(modele="sanctions/suppression_totale"))
    assert reverse("backoffice:sanction", args=[procedure.pk]) in corps
    assert "fin-de-droit" not in corps
