"""The appeals screens: the regional mediator's (médiation préalable) and the département decider's (RAPO)
list, the appeal page and its two steps, its letters, the dashboard tile and the procedure page's link."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import JournalAcces
from francetravail.reseau.enums import Role
from sanctions import acces, actions, queries
from sanctions.enums import Mesure, Public, StatutProcedure, StatutRecours, TypeManquement, VoieRecours
from sanctions.models import CourrierProcedure, Recours, TypeCourrier
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, commune, professionnel
from tests.sanctions.factories import Situation, relire

S = StatutProcedure
LISTE = "/conseiller/sanctions/recours/"
MOTIFS = "J'étais hospitalisé la semaine de l'atelier."


def url(recours):
    return f"/conseiller/sanctions/recours/{recours.pk}/"


def url_etape(recours, etape):
    return f"/conseiller/sanctions/recours/{recours.pk}/{etape}/"


def contenu(client, user, adresse, statut=200):
    client.force_login(user)
    reponse = client.get(adresse)
    assert reponse.status_code == statut, adresse
    return reponse.content.decode()


def former(procedure, s, motifs=MOTIFS, **kwargs):
    return actions.former_recours(procedure, acting_user=s.personne.user, motifs=motifs, **kwargs)


@pytest.fixture
def s():
    # The decider is the person's France Travail agency (Nord, Hauts-de-France); the Situation's
    # mediator belongs to another agency of the Nord: the regional mediator of this decision.
    return Situation()


@pytest.fixture
def rsa():
    return Situation(public=Public.RSA, organisme=OrganisationFactory(conseil_departemental=True))


def rapo(rsa):
    return former(rsa.decidee(type_manquement=TypeManquement.RSA_NON_RESPECT), rsa)


def test_les_urls_sont_bien_nommees():
    assert reverse("backoffice:sanctions_recours") == LISTE
    assert reverse("backoffice:sanction_recours", kwargs={"pk": 7}) == "/conseiller/sanctions/recours/7/"
    assert (
        reverse("backoffice:sanction_recours_etape", kwargs={"pk": 7, "etape": "statuer"})
        == "/conseiller/sanctions/recours/7/statuer/"
    )
    assert (
        reverse("backoffice:sanction_recours_courrier", kwargs={"pk": 7, "courrier_pk": 3})
        == "/conseiller/sanctions/recours/7/courriers/3/"
    )


# --- The set form agrees with the rule ------------------------------------------------------------


def test_recours_a_instruire_est_la_forme_ensembliste_de_exiger_instructeur(rsa):
    nord = Situation()  # Nord (59): Hauts-de-France
    sud = Situation(organisme=OrganisationFactory(departement_id="13"))  # Bouches-du-Rhône: PACA
    sud.delegue = professionnel(OrganisationFactory(departement_id="13"), role=Role.DELEGUE_SANCTIONS)
    pas_de_calais = Situation(
        public=Public.RSA,
        organisme=OrganisationFactory(conseil_departemental=True, departement_id="62"),
        commune=commune("62041"),
    )
    mediateur_sud = professionnel(OrganisationFactory(departement_id="13"), role=Role.MEDIATEUR)
    tous = [
        former(nord.decidee(), nord),
        actions.instruire_recours(former(sud.decidee(), sud), acting_user=mediateur_sud),
        rapo(rsa),
        rapo(pas_de_calais),
    ]
    # A ruled appeal, to check closed ones too.
    clos = former(nord.decidee(), nord)
    actions.instruire_recours(clos, acting_user=nord.mediateur)
    actions.statuer_recours(clos, acting_user=nord.mediateur, issue=StatutRecours.MAINTENUE, motivation="Fondée.")
    tous.append(relire(clos))
    # A decider organisation whose région is only known through its département.
    sans_region = Situation()
    procedure = sans_region.decidee()
    type(procedure.organisation_decisionnaire).objects.filter(pk=procedure.organisation_decisionnaire_id).update(
        region=None
    )
    tous.append(former(relire(procedure), sans_region))

    # A regional mediation organisation (no département), and a user with both roles.
    mediatrice_regionale = professionnel(OrganisationFactory(departement_id=None, region_id="32"), role=Role.MEDIATEUR)
    double_casquette = professionnel(pas_de_calais.conseil, role=Role.DECIDEUR_DEPARTEMENTAL)
    MembershipFactory(
        user=double_casquette, organisation=OrganisationFactory(departement_id="13"), role=Role.MEDIATEUR
    )
    inactif = professionnel(OrganisationFactory(), role=Role.MEDIATEUR, is_active=False)
    users = [
        nord.mediateur,
        sud.mediateur,
        mediateur_sud,
        mediatrice_regionale,
        double_casquette,
        rsa.decideur_cd,
        pas_de_calais.decideur_cd,
        rsa.mediateur,
        nord.controleur,
        nord.delegue,
        nord.decideur_cd,
        nord.personne.user,
        inactif,
        UserFactory(employeur=True),
    ]

    def instruit(user, recours):
        try:
            acces.exiger_instructeur(user, recours, recours.procedure)
        except ValidationError:
            return False
        return True

    for user in users:
        attendus = {r.pk for r in tous if instruit(user, Recours.objects.select_related("procedure").get(pk=r.pk))}
        assert set(queries.recours_a_instruire(user, ouverts=None).values_list("pk", flat=True)) == attendus, user
        ouverts = set(queries.recours_a_instruire(user).values_list("pk", flat=True))
        assert ouverts == attendus - {clos.pk}, user
        assert set(queries.recours_a_instruire(user, ouverts=False).values_list("pk", flat=True)) == (
            attendus & {clos.pk}
        ), user
    # The rule is not vacuous: each appeal has an instructor among these users, and some users have several.
    assert {r.pk for r in tous} == {
        pk for user in users for pk in queries.recours_a_instruire(user, ouverts=None).values_list("pk", flat=True)
    }
    assert queries.recours_a_instruire(nord.mediateur, ouverts=None).count() == 3  # two in the Nord, one sans région
    assert queries.recours_a_instruire(mediatrice_regionale, ouverts=None).count() == 3
    assert queries.recours_a_instruire(double_casquette, ouverts=None).count() == 2  # RAPO 62 + médiation PACA
    assert queries.recours_a_instruire(rsa.decideur_cd, ouverts=None).count() == 1


# --- Who sees what ----------------------------------------------------------------------------------


def test_le_mediateur_de_la_region_voit_la_liste_et_la_page(client, s):
    recours = former(s.decidee(), s)
    page = contenu(client, s.mediateur, LISTE)
    assert s.personne.nom_complet in page and url(recours) in page
    assert "Médiation préalable obligatoire" in page and "Suspension de 30 %" in page
    assert recours.echeance.strftime("%d/%m/%Y") in page and "Hors délai" not in page
    page = contenu(client, s.mediateur, url(recours))
    assert MOTIFS.replace("'", "&#x27;") in page
    assert "Absences répétées sans motif malgré les relances." in page  # the decision's reasons
    assert "Mettre le recours en instruction" in page
    assert "Enregistrer la décision sur le recours" not in page  # not before the instruction
    assert "Accusé de réception du recours" in page and "Notification de la décision" in page


def test_un_recours_hors_delai_est_signale(client, s):
    procedure = s.decidee()
    echeance = actions.echeance_recours_de(procedure)
    recours = former(procedure, s, forme_le=echeance + datetime.timedelta(days=1))
    assert recours.hors_delai
    assert "Hors délai" in contenu(client, s.mediateur, LISTE)
    assert "Hors délai" in contenu(client, s.mediateur, url(recours))


def test_les_autres_recoivent_une_404_et_une_liste_vide(client, s):
    recours = former(s.decidee(), s)
    courrier = CourrierProcedure.objects.filter(procedure=recours.procedure).first()
    autre_region = professionnel(OrganisationFactory(departement_id="13"), role=Role.MEDIATEUR)
    autre_conseiller = professionnel(OrganisationFactory())
    # Roles that instruct appeals, but not this one: their list opens, empty of it.
    for user in (autre_region, s.decideur_cd):
        assert s.personne.nom_complet not in contenu(client, user, LISTE)
    # Roles that instruct no appeal (acces_reserve): the list itself is a 404.
    for user in (s.personne.user, autre_conseiller, s.controleur, s.referent, s.delegue, UserFactory(employeur=True)):
        contenu(client, user, LISTE, statut=404)
    for user in (autre_region, s.decideur_cd, s.personne.user, autre_conseiller, s.controleur, s.delegue):
        client.force_login(user)
        assert client.get(url(recours)).status_code == 404
        assert client.post(url_etape(recours, "instruire")).status_code == 404
        assert client.get(f"{url(recours)}courriers/{courrier.pk}/").status_code == 404
    assert relire(recours).statut == StatutRecours.DEMANDE
    # A tampered id: the same 404 as a refusal.
    client.force_login(s.mediateur)
    for pk in (999999999, 10**20):
        assert client.get(f"/conseiller/sanctions/recours/{pk}/").status_code == 404
        assert client.post(f"/conseiller/sanctions/recours/{pk}/instruire/").status_code == 404
        assert client.get(f"/conseiller/sanctions/recours/{pk}/courriers/{courrier.pk}/").status_code == 404
    assert client.get(f"{url(recours)}courriers/999999999/").status_code == 404
    client.logout()
    for adresse in (LISTE, url(recours)):
        reponse = client.get(adresse)
        assert reponse.status_code == 302 and f"next={adresse}" in reponse["Location"].replace("%2F", "/")


def test_rapo_devant_le_decideur_du_departement(client, rsa):
    recours = rapo(rsa)
    assert recours.voie == VoieRecours.RAPO
    page = contenu(client, rsa.decideur_cd, LISTE)
    assert rsa.personne.nom_complet in page and "RAPO" in page
    assert "Mettre le recours en instruction" in contenu(client, rsa.decideur_cd, url(recours))
    # The regional mediator does not instruct a RAPO.
    assert rsa.personne.nom_complet not in contenu(client, rsa.mediateur, LISTE)
    contenu(client, rsa.mediateur, url(recours), statut=404)
    client.force_login(rsa.decideur_cd)
    assert client.post(url_etape(recours, "instruire")).status_code == 302
    reponse = client.post(
        url_etape(recours, "statuer"), {"statuer-issue": StatutRecours.MAINTENUE, "statuer-motivation": "Fondée."}
    )
    assert reponse.status_code == 302 and reponse["Location"] == url(recours)
    recours = relire(recours)
    assert recours.statut == StatutRecours.MAINTENUE and recours.statue_par == rsa.decideur_cd
    # Ruled: it leaves the open list, stays in the closed one, its page shows no step.
    assert rsa.personne.nom_complet not in contenu(client, rsa.decideur_cd, LISTE)
    assert rsa.personne.nom_complet in contenu(client, rsa.decideur_cd, LISTE + "?etat=clos")
    page = contenu(client, rsa.decideur_cd, url(recours))
    assert "Étape suivante" not in page and "Décision maintenue" in page


def test_la_page_de_procedure_mene_a_la_page_du_recours_pour_son_instructeur(client, rsa):
    recours = rapo(rsa)
    procedure = f"/conseiller/sanctions/{recours.procedure_id}/"
    assert url(recours) in contenu(client, rsa.decideur_cd, procedure)
    assert url(recours) not in contenu(client, rsa.controleur, procedure)


def test_la_tuile_du_tableau_de_bord(client, s, rsa):
    for user in (s.mediateur, rsa.decideur_cd):
        assert LISTE in contenu(client, user, "/conseiller/")
    for user in (s.controleur, s.delegue, rsa.equipe_pluri):
        assert LISTE not in contenu(client, user, "/conseiller/")


# --- The steps --------------------------------------------------------------------------------------


def test_instruire_puis_maintenir(client, s):
    recours = former(s.decidee(), s)
    client.force_login(s.mediateur)
    # Only the step the user may take now: ruling before the instruction is no button, and a 404.
    assert client.post(url_etape(recours, "statuer"), {}).status_code == 404
    assert client.post(url_etape(recours, "inconnue"), {}).status_code == 404
    assert client.get(url_etape(recours, "instruire")).status_code == 405
    reponse = client.post(url_etape(recours, "instruire"))
    assert reponse.status_code == 302 and reponse["Location"] == url(recours)
    recours = relire(recours)
    assert recours.statut == StatutRecours.INSTRUCTION and recours.instruit_par == s.mediateur
    page = contenu(client, s.mediateur, url(recours))
    assert "Mettre le recours en instruction" not in page and "Enregistrer la décision sur le recours" in page
    assert "Ce que la loi permet pour ce manquement" in page
    assert client.post(url_etape(recours, "instruire")).status_code == 404
    reponse = client.post(url_etape(recours, "statuer"), {"statuer-issue": StatutRecours.MAINTENUE})
    assert reponse.status_code == 200 and "Ce champ est obligatoire" in reponse.content.decode()
    reponse = client.post(
        url_etape(recours, "statuer"),
        {"statuer-issue": StatutRecours.MAINTENUE, "statuer-motivation": "Absences non justifiées."},
    )
    assert reponse.status_code == 302
    recours = relire(recours)
    assert recours.statut == StatutRecours.MAINTENUE and recours.motivation == "Absences non justifiées."
    assert relire(recours.procedure).statut == S.DECISION_NOTIFIEE


def test_reformer_dans_la_plage_legale_et_refus_au_champ(client, s):
    recours = actions.instruire_recours(former(s.en_cours(), s), acting_user=s.mediateur)
    client.force_login(s.mediateur)
    donnees = {
        "statuer-issue": StatutRecours.REFORMEE,
        "statuer-mesure": Mesure.SUSPENSION,
        "statuer-taux": "20",
        "statuer-duree_mois": "1",
        "statuer-motivation": "Sanction réduite : une seule absence.",
    }
    reponse = client.post(url_etape(recours, "statuer"), donnees)
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Le taux doit être" in page
    erreur = page.split('id="id_statuer-taux_error"', 1)[1].split("</ul>", 1)[0]  # at the field
    assert "Le taux doit être entre 30 % et 100 %." in erreur
    assert "Sanction réduite : une seule absence." in page  # input kept
    assert 'value="20"' in page
    assert relire(recours).statut == StatutRecours.INSTRUCTION
    # A reform without its measure: the refusal is at the measure.
    reponse = client.post(url_etape(recours, "statuer"), {**donnees, "statuer-mesure": "", "statuer-taux": ""})
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Indiquez la mesure de la décision réformée." in page.split('id="id_statuer-mesure_error"', 1)[1]
    reponse = client.post(url_etape(recours, "statuer"), {**donnees, "statuer-taux": "30"})
    assert reponse.status_code == 302
    recours = relire(recours)
    procedure = relire(recours.procedure)
    assert recours.statut == StatutRecours.REFORMEE
    assert recours.decision_initiale["motivation"] == "Absences répétées sans motif malgré les relances."
    assert procedure.motivation == "Sanction réduite : une seule absence." and procedure.taux == 30
    page = contenu(client, s.mediateur, url(recours))
    assert "Décision après le recours" in page and "Décision initiale" in page


def test_annuler_met_fin_a_la_sanction(client, s):
    recours = actions.instruire_recours(former(s.en_cours(), s), acting_user=s.mediateur)
    client.force_login(s.mediateur)
    reponse = client.post(
        url_etape(recours, "statuer"),
        {"statuer-issue": StatutRecours.ANNULEE, "statuer-motivation": "Motif légitime."},
    )
    assert reponse.status_code == 302
    assert relire(recours).statut == StatutRecours.ANNULEE
    assert relire(recours.procedure).statut == S.ANNULEE
    page = contenu(client, s.mediateur, url(recours))
    assert "Décision annulée" in page and "Étape suivante" not in page


# --- The file read and the letters ------------------------------------------------------------------


def test_la_lecture_passe_par_la_porte_et_est_journalisee(client, s):
    recours = former(s.decidee(), s)
    organisation_du_mediateur = s.mediateur.memberships.get().organisation_id
    lignes = JournalAcces.objects.filter(personne=s.personne, user=s.mediateur, partie=PartieDossier.SANCTIONS)
    assert lignes.count() == 0
    contenu(client, s.mediateur, LISTE)
    assert lignes.count() == 0  # the list reads no file
    contenu(client, s.mediateur, url(recours))
    assert lignes.count() == 1
    assert lignes.get().organisation_id == organisation_du_mediateur
    client.post(url_etape(recours, "instruire"))
    assert lignes.count() == 2
    # Refused reads are not logged.
    autre = professionnel(OrganisationFactory(departement_id="13"), role=Role.MEDIATEUR)
    contenu(client, autre, url(recours), statut=404)
    assert not JournalAcces.objects.filter(user=autre).exists()


def test_les_courriers_se_lisent_sans_valoir_reception(client, s):
    recours = former(s.decidee(), s)
    accuse = CourrierProcedure.objects.get(recours=recours, type_courrier=TypeCourrier.ACCUSE_RECOURS)
    adresse = f"{url(recours)}courriers/{accuse.pk}/"
    assert adresse in contenu(client, s.mediateur, url(recours))
    reponse = client.get(adresse)
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert CourrierProcedure.objects.get(pk=accuse.pk).recu_le is None  # the instructor opening it is no receipt
    assert JournalAcces.objects.filter(personne=s.personne, user=s.mediateur).count() == 2
    # A letter of another procedure through this appeal's URL: 404.
    autre = Situation()
    autre_courrier = CourrierProcedure.objects.filter(procedure=autre.decidee()).first()
    assert client.get(f"{url(recours)}courriers/{autre_courrier.pk}/").status_code == 404


def test_la_liste_a_un_nombre_de_requetes_constant(client, s):
    former(s.decidee(), s)
    client.force_login(s.mediateur)
    client.get(LISTE)
    with CaptureQueriesContext(connection) as un:
        assert client.get(LISTE).status_code == 200
    for _ in range(4):
        autre = Situation()
        former(autre.decidee(), autre)
    with CaptureQueriesContext(connection) as cinq:
        reponse = client.get(LISTE)
    assert reponse.content.decode().count("/conseiller/sanctions/recours/") >= 5
    assert "5 recours" in reponse.content.decode()
    assert len(cinq) == len(un)
