"""The professionals' sanction screens: queue, procedure page and its steps, the référent's report, the dashboard."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from francetravail.reseau.enums import Role
from sanctions.enums import Mesure, Public, StatutProcedure, TypeManquement
from sanctions.models import ProcedureSanction
from tests.factories import OrganisationFactory, UserFactory, professionnel
from tests.sanctions.factories import Situation, relire

S = StatutProcedure
FILE = "/conseiller/sanctions/"
TABLEAU = "/conseiller/sanctions/tableau/"


def url(procedure):
    return f"/conseiller/sanctions/{procedure.pk}/"


def url_etape(procedure, etape):
    return f"/conseiller/sanctions/{procedure.pk}/{etape}/"


def contenu(client, user, adresse, statut=200):
    client.force_login(user)
    reponse = client.get(adresse)
    assert reponse.status_code == statut, adresse
    return reponse.content.decode()


@pytest.fixture
def s():
    return Situation()


def test_les_urls_sont_bien_nommees(s):
    assert reverse("backoffice:sanctions") == FILE
    assert reverse("backoffice:sanctions_tableau") == TABLEAU
    assert reverse("backoffice:sanction", kwargs={"pk": 7}) == "/conseiller/sanctions/7/"
    assert (
        reverse("backoffice:sanction_etape", kwargs={"pk": 7, "etape": "decider"})
        == "/conseiller/sanctions/7/decider/"
    )
    assert (
        reverse("backoffice:manquement_signaler", kwargs={"pk": 3}) == "/conseiller/personnes/3/manquements/signaler/"
    )


# --- Who sees what ----------------------------------------------------------------------------


def test_l_equipe_et_le_decideur_voient_la_file_et_la_procedure(client, s):
    procedure = s.a_decider()
    for user in (s.controleur, s.referent, s.delegue):
        assert s.personne.nom_complet in contenu(client, user, FILE)
        assert "Procédure de sanction" in contenu(client, user, url(procedure))


def test_les_autres_recoivent_une_404(client, s):
    procedure = s.a_decider()
    autre_conseiller = professionnel(OrganisationFactory())
    autre_region = professionnel(OrganisationFactory(departement_id="13"), role=Role.DELEGUE_SANCTIONS)
    for user in (UserFactory(employeur=True), autre_conseiller, s.mediateur, s.personne.user, autre_region):
        client.force_login(user)
        assert client.get(url(procedure)).status_code == 404
        assert client.post(url_etape(procedure, "decider"), {}).status_code == 404
    # The other organisation's conseiller and the other region's delegate have a queue, without this procedure.
    for user in (autre_conseiller, autre_region):
        assert s.personne.nom_complet not in contenu(client, user, FILE)
    for user in (UserFactory(employeur=True), s.mediateur, s.personne.user):
        contenu(client, user, FILE, statut=404)
    client.logout()
    for adresse in (FILE, url(procedure), TABLEAU):
        reponse = client.get(adresse)
        assert reponse.status_code == 302 and f"next={adresse}" in reponse["Location"].replace("%2F", "/")


def test_une_etape_inconnue_ou_non_permise_est_une_404(client, s):
    procedure = s.ouverte()
    client.force_login(s.controleur)
    assert client.post(url_etape(procedure, "inconnue"), {}).status_code == 404
    assert client.post(url_etape(procedure, "decider"), {}).status_code == 404  # not « à décider »
    assert client.get(url_etape(procedure, "examiner")).status_code == 405


# --- The queue ----------------------------------------------------------------------------------


def test_la_file_montre_les_echeances_et_le_retard(client, s):
    procedure = s.a_decider()
    aujourdhui = timezone.localdate()

    def due_le(jour):
        ProcedureSanction.objects.filter(pk=procedure.pk).update(
            avertissement_notifie_le=aujourdhui - datetime.timedelta(days=30),
            echeance_observations=aujourdhui - datetime.timedelta(days=20),
            decision_due_le=jour,
        )

    due_le(aujourdhui - datetime.timedelta(days=1))
    page = contenu(client, s.delegue, FILE)
    assert "En retard" in page
    assert (aujourdhui - datetime.timedelta(days=20)).strftime("%d/%m/%Y") in page
    assert s.personne.nom_complet in contenu(client, s.delegue, FILE + "?en_retard=on")
    assert "Décision en retard" in contenu(client, s.delegue, url(procedure))
    # Due today: not late yet.
    due_le(aujourdhui)
    assert "En retard" not in contenu(client, s.delegue, FILE)
    assert s.personne.nom_complet not in contenu(client, s.delegue, FILE + "?en_retard=on")


def test_les_filtres(client, s):
    s.a_decider()
    assert s.personne.nom_complet in contenu(
        client, s.controleur, FILE + "?statut=a_decider&public=allocation&type_manquement=m1"
    )
    assert s.personne.nom_complet not in contenu(client, s.controleur, FILE + "?statut=examen")
    assert s.personne.nom_complet not in contenu(client, s.controleur, FILE + "?public=rsa")
    assert s.personne.nom_complet not in contenu(client, s.controleur, FILE + "?type_manquement=m3")


def test_la_file_a_un_nombre_de_requetes_constant(client, s):
    s.a_decider()
    client.force_login(s.controleur)
    client.get(FILE)
    with CaptureQueriesContext(connection) as une:
        assert client.get(FILE).status_code == 200
    for _ in range(6):
        s.ouverte()
    with CaptureQueriesContext(connection) as sept:
        reponse = client.get(FILE)
    assert reponse.content.decode().count("/conseiller/sanctions/") >= 7
    assert len(sept) == len(une)


# --- The procedure page and its steps -------------------------------------------------------------


def test_pas_de_bouton_mort(client, s):
    procedure = s.ouverte()
    page = contenu(client, s.controleur, url(procedure))
    assert "Enregistrer l’examen" in page and "Classer sans suite" in page
    assert "Notifier la décision" not in page and "Notifier l’avertissement préalable" not in page
    procedure = s.a_decider()
    # The référent never decides on their own person: no decision form for them.
    page = contenu(client, s.referent, url(procedure))
    assert "Notifier la décision" not in page
    page = contenu(client, s.delegue, url(procedure))
    assert "Notifier la décision" in page and "Ce que la loi permet" in page
    assert "de 30 % à 100 %" in page or "30 %" in page


def test_le_cycle_par_les_pages(client, s):
    procedure = s.ouverte()
    client.force_login(s.controleur)
    reponse = client.post(
        url_etape(procedure, "examiner"), {"examiner-examen": "", "examiner-accompagnement_fourni": "x"}
    )
    assert reponse.status_code == 200 and "Ce champ est obligatoire" in reponse.content.decode()
    assert "x</textarea>" in reponse.content.decode()  # input kept
    reponse = client.post(
        url_etape(procedure, "examiner"),
        {
            "examiner-examen": "Pas de difficulté signalée.",
            "examiner-accompagnement_fourni": "Deux entretiens.",
            "examiner-note_interne": "NOTE-INTERNE-EXAMEN",
        },
    )
    assert reponse.status_code == 302
    assert relire(procedure).statut == S.EXAMEN
    reponse = client.post(
        url_etape(procedure, "avertir"),
        {"avertir-mesure_envisagee": Mesure.SUSPENSION, "avertir-sanction_envisagee": "Suspension de 30 % un mois."},
    )
    assert reponse.status_code == 302
    procedure = relire(procedure)
    assert procedure.statut == S.AVERTISSEMENT_NOTIFIE
    page = contenu(client, s.controleur, url(procedure))
    assert "NOTE-INTERNE-EXAMEN" in page
    assert procedure.echeance_observations.strftime("%d/%m/%Y") in page
    # Within the delay: observations brought to the desk, no « delay expired » button.
    assert "Constater l’expiration du délai" not in page
    reponse = client.post(url_etape(procedure, "observations"), {"observations-observations": "J'étais malade."})
    assert reponse.status_code == 302
    # Written observations do not close the period (R5412-7): the person may still ask to be heard
    # until its last day, so no « send to the decider » button, and a crafted POST changes nothing.
    page = contenu(client, s.controleur, url(procedure))
    assert "Transmettre au décideur" not in page
    assert (
        f"encore demander à être entendue ou compléter ses observations jusqu’au {procedure.echeance_observations:%d/%m/%Y} inclus"
        in page
    )
    assert client.post(url_etape(procedure, "a_decider")).status_code == 404
    assert relire(procedure).statut == S.OBSERVATIONS_RECUES
    # A hearing held closes the phase at once.
    reponse = client.post(url_etape(procedure, "audition"), {"audition-compte_rendu": "Entendu avec sa mère."})
    assert reponse.status_code == 302
    reponse = client.post(url_etape(procedure, "a_decider"))
    assert reponse.status_code == 302
    assert relire(procedure).statut == S.A_DECIDER


def test_la_decision_refuse_29_et_accepte_30_pour_cent(client, s):
    procedure = s.a_decider()
    client.force_login(s.delegue)
    donnees = {
        "decider-mesure": Mesure.SUSPENSION,
        "decider-taux": "29",
        "decider-duree_mois": "1",
        "decider-motivation": "Absences répétées sans motif.",
    }
    reponse = client.post(url_etape(procedure, "decider"), donnees)
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Le taux doit être" in page
    assert 'id="id_decider-taux_error"' in page or "decider-taux_error" in page  # at the field
    assert "Absences répétées sans motif." in page  # input kept
    assert relire(procedure).statut == S.A_DECIDER
    reponse = client.post(
        url_etape(procedure, "decider"), {**donnees, "decider-taux": "30", "decider-montant_mensuel": "600"}
    )
    assert reponse.status_code == 302
    procedure = relire(procedure)
    assert procedure.statut == S.DECISION_NOTIFIEE and procedure.taux == 30 and procedure.montant_mensuel == 600
    assert "Retenu au total" in contenu(client, s.delegue, url(procedure))
    assert "Retenu au total" in contenu(client, s.personne.user, f"/mon-espace/sanctions/{procedure.pk}/")


def test_remobilisation_par_le_referent_puis_levee_par_le_decideur(client, s):
    procedure = s.en_cours()
    page = contenu(client, s.referent, url(procedure))
    assert "Enregistrer la remobilisation" in page and "Lever la sanction" not in page
    reponse = client.post(url_etape(procedure, "remobilisation"), {"remobilisation-constat": "Contrat signé le 3."})
    assert reponse.status_code == 302
    assert "Lever la sanction" in contenu(client, s.delegue, url(procedure))
    assert client.post(url_etape(procedure, "lever"), {"lever-motif": "Remobilisée."}).status_code == 302
    assert relire(procedure).statut == S.LEVEE


def test_rsa_la_plage_plafonnee_est_montree_au_departement(client):
    # The range used to be shown twice (one person / several) next to two boxes to tick; it is now
    # the one of the household the file holds, with where it was read (here nothing: capped).
    s = Situation(public=Public.RSA, organisme=OrganisationFactory(conseil_departemental=True))
    procedure = s.a_decider(type_manquement=TypeManquement.RSA_NON_RESPECT)
    page = contenu(client, s.decideur_cd, url(procedure))
    assert "Composition du foyer inconnue" in page
    assert "de 30 % à 50 %" in page


# --- The référent's report -----------------------------------------------------------------------


def test_le_referent_signale_et_la_procedure_s_ouvre(client, s):
    adresse = f"/conseiller/personnes/{s.personne.pk}/manquements/signaler/"
    client.force_login(s.referent)
    assert client.get(adresse).status_code == 200
    demain = timezone.localdate() + datetime.timedelta(days=1)
    donnees = {
        "type_manquement": TypeManquement.M1,
        "public": Public.ALLOCATION,
        "source": "signalement",
        "date_faits": demain.isoformat(),
        "faits": "Absent à l'atelier.",
    }
    reponse = client.post(adresse, donnees)
    assert reponse.status_code == 200
    assert "futur" in reponse.content.decode() and "Absent à l&#x27;atelier." in reponse.content.decode()
    assert not ProcedureSanction.objects.filter(personne=s.personne).exists()
    reponse = client.post(adresse, {**donnees, "date_faits": timezone.localdate().isoformat()})
    procedure = ProcedureSanction.objects.get(personne=s.personne)
    assert reponse.status_code == 302 and reponse["Location"] == url(procedure)
    for user in (professionnel(OrganisationFactory()), s.delegue, s.mediateur, s.personne.user):
        client.force_login(user)
        assert client.get(adresse).status_code == 404


# --- Dashboard ------------------------------------------------------------------------------------


def test_le_tableau_des_pilotes(client, s):
    pilote = professionnel(s.organisme, role=Role.PILOTE)
    s.a_decider()
    client.force_login(pilote)
    client.get(TABLEAU)
    with CaptureQueriesContext(connection) as avant:
        page = client.get(TABLEAU).content.decode()
    assert "M1" in page and s.personne.nom_complet not in page
    s.decidee()
    s.ouverte(type_manquement=TypeManquement.M2)
    with CaptureQueriesContext(connection) as apres:
        page = client.get(TABLEAU).content.decode()
    assert len(apres) == len(avant)
    assert "M2" in page
    for user in (s.controleur, s.delegue, UserFactory(employeur=True), s.personne.user):
        contenu(client, user, TABLEAU, statut=404)


def test_rsa_france_travail_propose_l_equipe_donne_son_avis_le_departement_decide(client):
    s = Situation(public=Public.RSA)
    procedure = s.a_decider(type_manquement=TypeManquement.RSA_NON_RESPECT)
    delegue_ft = professionnel(s.organisme, role=Role.DELEGUE_SANCTIONS)
    # Before France Travail's proposal the département has nothing to decide.
    assert "Notifier la décision" not in contenu(client, s.decideur_cd, url(procedure))
    page = contenu(client, delegue_ft, url(procedure))
    assert "Transmettre la proposition" in page and "Notifier la décision" not in page
    proposition = {
        "proposer-mesure": Mesure.SUSPENSION,
        "proposer-taux": "50",
        "proposer-duree_mois": "1",
        "proposer-motivation": "Contrat non respecté.",
    }
    assert client.post(url_etape(procedure, "proposer"), proposition).status_code == 302
    assert "Enregistrer l’avis" in contenu(client, s.equipe_pluri, url(procedure))
    assert client.post(url_etape(procedure, "avis_equipe"), {"avis_equipe-avis": "Avis favorable."}).status_code == 302
    client.force_login(s.decideur_cd)
    decision = {
        "decider-mesure": Mesure.SUSPENSION,
        "decider-taux": "51",
        "decider-duree_mois": "1",
        "decider-motivation": "Contrat non respecté.",
    }
    reponse = client.post(url_etape(procedure, "decider"), decision)
    assert reponse.status_code == 200 and "Le taux doit être" in reponse.content.decode()
    assert client.post(url_etape(procedure, "decider"), {**decision, "decider-taux": "50"}).status_code == 302
    assert relire(procedure).statut == S.DECISION_NOTIFIEE
