"""The dashboard's « À faire »: each queue counted on both sides of its bound, by role, linking to a
page that lists the same people, in a number of queries that does not grow with the people."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from contrats import regles
from contrats.enums import StatutContrat
from francetravail.personnes import a_faire
from francetravail.personnes.models import Personne
from francetravail.rendezvous.enums import Motif, StatutManquement, StatutRendezVous
from francetravail.reseau.enums import Role
from inscription.enums import MotifFinAccompagnement, StatutInscription
from inscription.models import DossierInscription
from orientation.actions import proposer
from orientation.enums import StatutDecision
from orientation.models import DecisionOrientation
from sanctions import actions as sanctions
from sanctions.enums import Public, StatutProcedure
from sanctions.models import ProcedureSanction
from tests.a_faire.factories import (
    absence_a_examiner,
    contrat,
    message_de_la_personne,
    personne_dans_chaque_file,
    rendez_vous,
    reponse,
    signe_il_y_a,
)
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.sanctions.factories import Situation, relire

pytestmark = pytest.mark.django_db


@pytest.fixture
def agence():
    return OrganisationFactory(departement_id="59")


@pytest.fixture
def conseiller(agence):
    return professionnel(agence, Role.CONSEILLER)


def nombres(user):
    return {ligne.file.cle: ligne.nombre for ligne in a_faire.lignes(user)}


def nom_dans(page, personne):
    return personne.nom_naissance.upper() in page.upper()


# --- Messages: the 72-hour answer promise (parameter messagerie.delai_reponse) ---------------


@pytest.mark.parametrize(
    ("il_y_a", "compte"),
    [(datetime.timedelta(hours=71, minutes=59), 0), (datetime.timedelta(hours=72, minutes=1), 1)],
)
def test_un_message_sans_reponse_compte_apres_72_heures(client, agence, conseiller, il_y_a, compte):
    personne = PersonneFactory(organisme_referent=agence, nom_naissance="Attentiste")
    message_de_la_personne(personne, il_y_a=il_y_a)
    assert nombres(conseiller)["messages_sans_reponse"] == compte
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:messages_non_lus"), {"sans_reponse": "1"}).content.decode()
    assert nom_dans(page, personne) is bool(compte)


def test_un_message_auquel_l_organisme_a_repondu_ne_compte_plus(agence, conseiller):
    personne = PersonneFactory(organisme_referent=agence)
    message_de_la_personne(personne, il_y_a=datetime.timedelta(hours=100))
    reponse(personne, conseiller, il_y_a=datetime.timedelta(hours=90))
    assert nombres(conseiller)["messages_sans_reponse"] == 0
    # A new message after the answer waits again, on its own date.
    message_de_la_personne(personne, il_y_a=datetime.timedelta(hours=73))
    assert nombres(conseiller)["messages_sans_reponse"] == 1


def test_le_delai_de_reponse_est_un_parametre_date():
    from francetravail.parametres.lookup import valeur

    assert valeur("messagerie.delai_reponse") == 72


# --- First appointment: 15 days after the notified orientation -------------------------------


@pytest.mark.parametrize(("il_y_a", "heure", "compte"), [(15, (0, 0), 0), (16, (23, 59), 1)])
def test_le_premier_rendez_vous_en_retard_compte_apres_15_jours(client, agence, conseiller, il_y_a, heure, compte):
    personne = PersonneFactory(organisme_referent=agence, nom_naissance="Oubliee")
    decision = proposer(personne)
    jour = timezone.localdate() - datetime.timedelta(days=il_y_a)
    DecisionOrientation.objects.filter(pk=decision.pk).update(
        statut=StatutDecision.CONFIRMEE,
        parcours="professionnel",
        organisme=agence,
        decidee_le=timezone.make_aware(datetime.datetime(jour.year, jour.month, jour.day, *heure)),
    )
    assert nombres(conseiller)["premiers_rdv_en_retard"] == compte
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:personnes"), {"a_faire": "premiers_rdv_en_retard"}).content.decode()
    assert "À faire : Premiers rendez-vous en retard" in page
    assert nom_dans(page, personne) is bool(compte)


# --- Contracts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("statut", "compte"), [(StatutContrat.SOUMIS, 0), (StatutContrat.ACCEPTE, 1)])
def test_un_contrat_accepte_par_la_personne_est_a_contresigner(client, agence, conseiller, statut, compte):
    personne = PersonneFactory(organisme_referent=agence, nom_naissance="Signataire")
    contrat(personne, conseiller, statut=statut)
    assert nombres(conseiller)["contrats_a_contresigner"] == compte
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:personnes"), {"a_faire": "contrats_a_contresigner"}).content.decode()
    assert nom_dans(page, personne) is bool(compte)


@pytest.mark.parametrize(("signe_il_y_a_jours", "compte"), [(12 * 7 - 1, 0), (12 * 7, 1)])
def test_le_point_d_etape_est_du_au_terme_du_rythme(client, agence, conseiller, signe_il_y_a_jours, compte):
    personne = PersonneFactory(organisme_referent=agence, nom_naissance="Etapiste")
    contrat(
        personne,
        conseiller,
        statut=StatutContrat.SIGNE,
        signe_le=signe_il_y_a(signe_il_y_a_jours),
        ore_fixee_le=timezone.localdate(),
    )
    assert nombres(conseiller)["points_etape_dus"] == compte
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:personnes"), {"a_faire": "points_etape_dus"}).content.decode()
    assert nom_dans(page, personne) is bool(compte)


def test_un_point_d_etape_honore_repousse_le_suivant_et_un_point_reserve_le_retire(agence, conseiller):
    personne = PersonneFactory(organisme_referent=agence)
    contrat(
        personne, conseiller, statut=StatutContrat.SIGNE, signe_le=signe_il_y_a(200), ore_fixee_le=timezone.localdate()
    )
    assert nombres(conseiller)["points_etape_dus"] == 1
    # Attended 12 weeks minus a day ago: the next one is due tomorrow.
    rendez_vous(
        personne,
        debut=signe_il_y_a(12 * 7 - 1),
        motif=Motif.POINT_ETAPE,
        statut=StatutRendezVous.HONORE,
    )
    assert nombres(conseiller)["points_etape_dus"] == 0
    autre = PersonneFactory(organisme_referent=agence)
    contrat(
        autre, conseiller, statut=StatutContrat.SIGNE, signe_le=signe_il_y_a(200), ore_fixee_le=timezone.localdate()
    )
    assert nombres(conseiller)["points_etape_dus"] == 1
    rendez_vous(autre, debut=timezone.now() + datetime.timedelta(days=3), motif=Motif.POINT_ETAPE)
    assert nombres(conseiller)["points_etape_dus"] == 0


@pytest.mark.parametrize(("jours_de_plus", "compte"), [(0, 0), (1, 1)])
def test_l_alerte_ore_compte_le_lendemain_de_l_echeance(agence, conseiller, jours_de_plus, compte):
    aujourdhui = timezone.localdate()
    # Signed 6 months ago to the day: the ORE deadline is today (not passed); a day earlier: passed.
    jour = regles.ajouter_mois(aujourdhui, -6) - datetime.timedelta(days=jours_de_plus)
    personne = PersonneFactory(organisme_referent=agence)
    objet = contrat(
        personne,
        conseiller,
        statut=StatutContrat.SIGNE,
        signe_le=timezone.make_aware(datetime.datetime(jour.year, jour.month, jour.day, 9)),
        rythme=52,
    )
    objet.refresh_from_db()
    assert objet.alerte_ore() is bool(compte)  # the same rule as the contract page's
    assert nombres(conseiller)["alertes_ore"] == compte


def test_pas_d_alerte_ore_quand_elle_est_fixee_ou_en_parcours_social(agence, conseiller):
    fixee = PersonneFactory(organisme_referent=agence)
    contrat(
        fixee,
        conseiller,
        statut=StatutContrat.SIGNE,
        signe_le=signe_il_y_a(400),
        ore_fixee_le=timezone.localdate(),
        rythme=52,
    )
    social = PersonneFactory(organisme_referent=agence)
    contrat(social, conseiller, statut=StatutContrat.SIGNE, signe_le=signe_il_y_a(400), parcours="social", rythme=52)
    assert nombres(conseiller)["alertes_ore"] == 0


# --- Manquements --------------------------------------------------------------------------------


@pytest.mark.parametrize(("statut", "compte"), [(StatutManquement.RETENUE, 0), (StatutManquement.A_EXAMINER, 1)])
def test_une_absence_a_examiner_compte(client, agence, conseiller, statut, compte):
    personne = PersonneFactory(organisme_referent=agence, nom_naissance="Absente")
    absence_a_examiner(personne, statut)
    assert nombres(conseiller)["manquements_a_examiner"] == compte
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:personnes"), {"a_faire": "manquements_a_examiner"}).content.decode()
    assert nom_dans(page, personne) is bool(compte)


def test_une_personne_dont_l_accompagnement_est_termine_n_est_plus_a_faire(agence, conseiller):

    personne = PersonneFactory(organisme_referent=agence)
    absence_a_examiner(personne)
    assert nombres(conseiller)["manquements_a_examiner"] == 1
    DossierInscription.objects.create(
        personne=personne,
        statut=StatutInscription.CESSEE,
        cessee_le=timezone.localdate(),
        motif_cessation="Fin de l'accompagnement",
        motif_fin_accompagnement=MotifFinAccompagnement.REPRISE_EMPLOI,
    )
    assert nombres(conseiller)["manquements_a_examiner"] == 0


# --- By role -------------------------------------------------------------------------------------


def test_un_decideur_departemental_voit_les_orientations_pas_les_contrats(client):
    departement = OrganisationFactory(conseil_departemental=True, departement_id="59")
    decideur = professionnel(departement, Role.DECIDEUR_DEPARTEMENTAL)
    cles = set(nombres(decideur))
    assert "orientations_a_decider" in cles and "recours_a_instruire" in cles
    assert "contrats_a_contresigner" not in cles and "messages_sans_reponse" not in cles
    client.force_login(decideur)
    page = client.get(reverse("backoffice:accueil")).content.decode()
    assert "Orientations à décider" in page and "Contrats à contresigner" not in page
    # The people-queues of the conseillers are refused to the decider: a 404, as an unknown queue.
    assert client.get(reverse("backoffice:personnes"), {"a_faire": "contrats_a_contresigner"}).status_code == 404


def test_un_conseiller_voit_sa_journee_et_pas_les_recours_ni_les_avis(agence, conseiller):
    cles = [ligne.file.cle for ligne in a_faire.lignes(conseiller)]
    assert cles == [
        "invitations_recues",
        "orientations_a_decider",
        "contrats_a_contresigner",
        "premiers_rdv_en_retard",
        "messages_sans_reponse",
        "demandes_rectification",
        "points_etape_dus",
        "alertes_ore",
        "manquements_a_examiner",
    ]


def test_l_equipe_pluridisciplinaire_voit_ses_avis_attendus(client):
    departement = OrganisationFactory(conseil_departemental=True, departement_id="59")
    equipe = professionnel(departement, Role.EQUIPE_PLURIDISCIPLINAIRE)
    assert nombres(equipe) == {"avis_equipe_pluridisciplinaire": 0}
    client.force_login(equipe)
    page = client.get(reverse("backoffice:accueil")).content.decode()
    assert "0 — rien à faire" in page
    assert client.get(a_faire.lignes(equipe)[0].lien).status_code == 200


def test_un_pilote_n_a_rien_a_faire_et_ne_voit_pas_la_section(client):
    pilote = professionnel(role=Role.PILOTE)
    assert a_faire.lignes(pilote) == []
    client.force_login(pilote)
    assert "À faire" not in client.get(reverse("backoffice:accueil")).content.decode()


@pytest.mark.parametrize("cle", ["inconnue", "orientations_a_decider", "avis_equipe_pluridisciplinaire"])
def test_une_file_inconnue_ou_fermee_est_un_404(client, conseiller, cle):
    client.force_login(conseiller)
    assert client.get(reverse("backoffice:personnes"), {"a_faire": cle}).status_code == 404


def test_le_tableau_de_bord_commence_par_a_faire_et_montre_les_zeros(client, agence, conseiller):
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:accueil")).content.decode()
    assert page.index("À faire") < page.index("Vos rattachements") < page.index("Entreprises et offres")
    assert page.count("0 — rien à faire") == 9


def test_chaque_lien_de_a_faire_ouvre_sa_file_avec_ses_personnes(client, agence, conseiller):
    personnes = personne_dans_chaque_file(agence, conseiller)
    assert nombres(conseiller) == {
        "invitations_recues": 0,
        "orientations_a_decider": 0,
        "contrats_a_contresigner": 1,
        "premiers_rdv_en_retard": 0,
        "messages_sans_reponse": 1,
        "demandes_rectification": 0,
        "points_etape_dus": 1,
        "alertes_ore": 1,
        "manquements_a_examiner": 1,
    }
    client.force_login(conseiller)
    attendu = dict(
        zip(
            [
                "contrats_a_contresigner",
                "points_etape_dus",
                "alertes_ore",
                "manquements_a_examiner",
                "messages_sans_reponse",
            ],
            personnes,
            strict=True,
        )
    )
    for ligne in a_faire.lignes(conseiller):
        reponse_page = client.get(ligne.lien)
        assert reponse_page.status_code == 200, ligne.file.cle
        page = reponse_page.content.decode()
        for cle, personne in attendu.items():
            assert nom_dans(page, personne) is (cle == ligne.file.cle), (ligne.file.cle, cle)


# --- Query count: flat ---------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 50])
def test_le_tableau_de_bord_a_un_nombre_de_requetes_constant(
    client, django_assert_max_num_queries, agence, conseiller, n
):
    for _ in range(n):
        personne = PersonneFactory(organisme_referent=agence)
        absence_a_examiner(personne)
        message_de_la_personne(personne, il_y_a=datetime.timedelta(hours=80))
        proposer(personne)
    assert nombres(conseiller)["manquements_a_examiner"] == n
    client.force_login(conseiller)
    # 40 since issue 19: the follow-up of appointments' counts (1), the share of first appointments within
    # the delay (the delay read once, then one aggregate), the callback requests (1), the letters to print (1);
    # 41 since issue 21: the rectification requests (1).
    with django_assert_max_num_queries(41):
        assert client.get(reverse("backoffice:accueil")).status_code == 200


@pytest.mark.parametrize("n", [1, 50])
def test_les_comptes_de_a_faire_ont_un_nombre_de_requetes_constant(
    django_assert_max_num_queries, agence, conseiller, n
):
    for _ in range(n):
        personne_dans_chaque_file(agence, conseiller)
    nombres(conseiller)  # the user's roles are cached from here, as on a page
    # One COUNT per people-queue (5) in a savepoint with JIT off (3), the invitations, the orientations (with their
    # organisations), the messages, and the four parameters read (ORE delay, first appointment,
    # delegation to France Travail, answer promise); the rectification requests (issue 21).
    with django_assert_max_num_queries(17):
        assert nombres(conseiller)["alertes_ore"] == n


# --- Équipe pluridisciplinaire: after the observations, before the decision, no opinion yet ---


def test_l_avis_de_l_equipe_est_attendu_apres_les_observations_et_plus_une_fois_rendu(client):

    situation = Situation(public=Public.RSA, organisme=OrganisationFactory(departement_id="59"))
    procedure = situation.avertie()
    equipe = situation.equipe_pluri
    # Warned, the observation period still running: too early for the opinion.
    assert nombres(equipe)["avis_equipe_pluridisciplinaire"] == 0
    # The observation period expired (the state the sweep records): the opinion is awaited.
    ProcedureSanction.objects.filter(pk=procedure.pk).update(statut=StatutProcedure.DELAI_EXPIRE)
    assert nombres(equipe)["avis_equipe_pluridisciplinaire"] == 1
    client.force_login(equipe)
    lien = a_faire.lignes(equipe)[0].lien
    page = client.get(lien).content.decode()
    assert nom_dans(page, situation.personne)
    sanctions.enregistrer_avis_equipe_pluridisciplinaire(
        relire(procedure), acting_user=equipe, avis="Avis favorable à une suspension partielle."
    )
    assert nombres(equipe)["avis_equipe_pluridisciplinaire"] == 0
    assert not nom_dans(client.get(lien).content.decode(), situation.personne)


# --- Référents: a responsable d'équipe's people to assign, one line per organisation they run ---


def test_le_responsable_d_equipe_voit_ses_personnes_a_attribuer_par_organisation(client, agence):
    from tests.contrats.factories import orientation_notifiee

    responsable = professionnel(agence, Role.RESPONSABLE_EQUIPE)
    lignes = a_faire.lignes(responsable)
    assert [(ligne.libelle, ligne.nombre) for ligne in lignes] == [
        (f"Personnes à attribuer — {agence.nom}", 0),
        ("Invitations reçues", 0),
        ("Premiers rendez-vous en retard", 0),
        ("Points d'étape à proposer", 0),
        ("Offres raisonnables d'emploi à fixer", 0),
    ]
    personne = PersonneFactory(organisme_referent=agence, referent_unique=None, nom_naissance="Attributaire")
    orientation_notifiee(personne)
    ligne = a_faire.lignes(responsable)[0]
    assert ligne.nombre == 1
    client.force_login(responsable)
    page = client.get(reverse("backoffice:accueil")).content.decode()
    assert f"Personnes à attribuer — {agence.nom}" in page
    assert nom_dans(client.get(ligne.lien).content.decode(), personne)
    # Given a référent, the person leaves the queue.
    Personne.objects.filter(pk=personne.pk).update(referent_unique=professionnel(agence))
    assert a_faire.lignes(responsable)[0].nombre == 0
    # A conseiller designates too, but the day's queue is the responsable's.
    assert "personnes_a_attribuer" not in nombres(professionnel(agence))
