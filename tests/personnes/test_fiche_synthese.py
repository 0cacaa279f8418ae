"""The person page at a glance: each step's block, the alerts with their bounds, the people around
the file, the latest events and the timeline page (filter, pages, refusals, flat query counts)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contrats.models import ContratEngagement
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.personnes.models import Personne
from francetravail.rendezvous.actions import reserver
from francetravail.reseau.enums import Role
from inscription.actions import rouvrir_accompagnement, terminer_accompagnement
from inscription.enums import MotifFinAccompagnement
from orientation.actions import proposer
from orientation.enums import Parcours, StatutDecision
from orientation.models import DecisionOrientation
from tests.contrats.factories import Situation as SituationContrat
from tests.factories import ImplicationFactory, OrganisationFactory, PersonneFactory, professionnel
from tests.inscription.factories import dossier_complet
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans
from tests.sanctions.factories import Situation as SituationSanction


def texte(response):
    return re.sub(r"\s+", " ", response.content.decode())


def fiche(personne):
    return reverse("backoffice:fiche_personne", args=[personne.pk])


def historique(personne):
    return reverse("backoffice:historique_personne", args=[personne.pk])


def evenements(personne, nombre, type_evenement=TypeEvenement.MESSAGE_ENVOYE, **champs):
    debut = timezone.now() - datetime.timedelta(days=400)
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(event_type=type_evenement, personne=personne, at=debut + datetime.timedelta(hours=i), **champs)
            for i in range(nombre)
        ]
    )


@pytest.fixture
def accompagne():
    """Oriented, contract signed (15 h), an appointment booked, a mission locale involved."""
    s = SituationContrat(parcours=Parcours.PROFESSIONNEL)
    dossier_complet(s.personne, inscrit_le=timezone.now())
    s.contrat = s.signe()
    agenda = AgendaFactory(organisation=s.organisme)
    reserver(s.personne, CreneauFactory(agenda=agenda, debut=dans(jours=3)), acting_user=s.referent)
    ImplicationFactory(
        personne=s.personne,
        organisation=OrganisationFactory(mission_locale=True, nom="Mission locale de Lens"),
        motif="Accompagnement des jeunes",
    )
    return s


def test_chaque_etape_montre_son_etat_sa_date_et_son_lien(client, accompagne):
    s = accompagne
    client.force_login(s.referent)
    page = texte(client.get(fiche(s.personne)))
    for titre, lien in [
        ("Inscription", None),
        ("Orientation", "orientation/"),
        ("Premier rendez-vous", "rendez-vous/"),
        ("Diagnostic", "diagnostic/"),
        ("Contrat d’engagement", "contrat/"),
        ("Recherche d’emploi", "recherche-emploi/"),
    ]:
        assert f">{titre}</" in page, titre
        if lien:
            assert f'<a href="{lien}">{titre}</a>' in page, titre
    assert "Décidée : Parcours professionnel" in page
    assert "Pas encore commencé" in page  # the diagnostic
    assert "Signé" in page and "15 h" in page and "Prochain point d’étape" in page
    assert "Offre raisonnable d’emploi" in page
    assert "Aucune candidature" in page
    # The people around the file and the next appointment.
    assert "Mission locale de Lens" in page and "Accompagnement des jeunes" in page
    assert f"Le {timezone.localtime(dans(jours=3)):%d/%m/%Y}" in page
    # The latest events, in French, and the timeline's page.
    assert "Contrat d&#x27;engagement contresigné" in page or "Contrat d'engagement contresigné" in page
    assert 'href="historique/"' in page
    # Still logged.
    assert JournalAcces.objects.filter(personne=s.personne, user=s.referent, partie="synthese").count() == 1


def test_l_orientation_dit_qui_a_decide(client, accompagne):
    s = accompagne
    decideur = professionnel(s.organisme, first_name="Aurore", last_name="Decidante")
    DecisionOrientation.objects.filter(pk=s.orientation.pk).update(decideur=decideur)
    client.force_login(s.referent)
    page = texte(client.get(fiche(s.personne)))
    assert "Décidée par</dt><dd>Aurore Decidante" in page


def _oriente_il_y_a(jours, heure=(10, 0)):
    agence = OrganisationFactory()
    conseiller = professionnel(agence)
    personne = PersonneFactory(organisme_referent=agence)
    decision = proposer(personne)
    instant = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() - datetime.timedelta(days=jours), datetime.time(*heure))
    )
    DecisionOrientation.objects.filter(pk=decision.pk).update(
        statut=StatutDecision.CONFIRMEE, organisme=agence, decidee_le=instant, notifiee_le=instant
    )
    return conseiller, personne


# The 15-day target of the first appointment (rendezvous.delai_premier_rdv), both sides of the bound.
@pytest.mark.parametrize(("il_y_a", "heure", "en_retard"), [(15, (0, 0), False), (16, (23, 59), True)])
def test_l_alerte_du_premier_rendez_vous_en_retard_des_deux_cotes_du_delai(client, il_y_a, heure, en_retard):
    conseiller, personne = _oriente_il_y_a(il_y_a, heure)
    client.force_login(conseiller)
    page = texte(client.get(fiche(personne)))
    assert ("Premier rendez-vous en retard : aucun rendez-vous fixé" in page) is en_retard
    assert ("Premier rendez-vous à fixer" in page) is not en_retard
    assert 'id="alertes"' in page


def _contrat_soumis(echeance):
    s = SituationContrat(parcours=Parcours.PROFESSIONNEL)
    contrat = s.soumis()
    ContratEngagement.objects.filter(pk=contrat.pk).update(echeance_signature=echeance)
    return s


@pytest.mark.parametrize(("decalage", "en_retard"), [(0, False), (-1, True)])
def test_l_alerte_du_contrat_a_signer_des_deux_cotes_de_l_echeance(client, decalage, en_retard):
    echeance = timezone.localdate() + datetime.timedelta(days=decalage)
    s = _contrat_soumis(echeance)
    client.force_login(s.referent)
    page = texte(client.get(fiche(s.personne)))
    assert "Contrat d’engagement à signer" in page
    assert ("délai dépassé" in page) is en_retard
    assert f"échéance le {echeance:%d/%m/%Y}" in page


@pytest.mark.parametrize(("semaines_et_jours", "du"), [((12, 0), True), ((12, -1), False)])
def test_l_alerte_du_point_d_etape_des_deux_cotes_de_son_echeance(client, accompagne, semaines_et_jours, du):
    s = accompagne
    semaines, jours = semaines_et_jours
    # Noon of the local day: « now minus 12 weeks » crosses a DST change late in the evening (another local day).
    jour = timezone.localdate() - datetime.timedelta(weeks=semaines, days=jours)
    signe_le = timezone.make_aware(datetime.datetime(jour.year, jour.month, jour.day, 12))
    ContratEngagement.objects.filter(pk=s.contrat.pk).update(signe_le=signe_le, rythme_points_etape=12)
    client.force_login(s.referent)
    page = texte(client.get(fiche(s.personne)))
    assert ("Point d’étape à tenir" in page) is du


def test_la_fin_et_la_reouverture_de_l_accompagnement_sont_dans_la_chronologie(client, accompagne):
    s = accompagne
    terminer_accompagnement(s.personne, acting_user=s.referent, motif=MotifFinAccompagnement.REPRISE_EMPLOI)
    client.force_login(s.referent)
    page = texte(client.get(fiche(s.personne)))
    assert "Accompagnement terminé (reprise d&#x27;emploi)" in page
    rouvrir_accompagnement(s.personne, acting_user=s.referent, motif="Perte de l'emploi repris.")
    page = texte(client.get(historique(s.personne), {"genre": "inscription"}))
    assert "Accompagnement terminé par le référent" in page
    assert "Accompagnement rouvert par le référent" in page
    assert "Contrat d&#x27;engagement contresigné" not in page  # filtered out
    assert JournalAcces.objects.filter(personne=s.personne, user=s.referent, partie="historique").count() == 1


def test_la_chronologie_par_pages_de_20_avec_voir_plus(client, accompagne):
    s = accompagne
    AuditEvent.objects.filter(personne=s.personne).delete()
    evenements(s.personne, 45)
    client.force_login(s.referent)
    page = texte(client.get(historique(s.personne)))
    assert page.count("<td>Message envoyé</td>") == 20
    assert "45 événements" in page and "Voir plus" in page
    derniere = texte(client.get(historique(s.personne), {"page": 3}))
    assert derniere.count("<td>Message envoyé</td>") == 5 and "Voir plus" not in derniere


def test_un_filtre_inconnu_montre_tout(client, accompagne):
    s = accompagne
    client.force_login(s.referent)
    tout = texte(client.get(historique(s.personne)))
    inconnu = texte(client.get(historique(s.personne), {"genre": "inconnu"}))
    assert tout.count("<tr>") == inconnu.count("<tr>") > 2


def test_la_chronologie_d_une_personne_d_une_autre_organisation_est_un_404_sans_trace(client, accompagne):
    s = accompagne
    autre = professionnel(OrganisationFactory())
    client.force_login(autre)
    avant = JournalAcces.objects.count()
    response = client.get(historique(s.personne))
    assert response.status_code == 404
    assert s.personne.nom_naissance not in response.content.decode()
    assert JournalAcces.objects.count() == avant


def test_les_procedures_ne_sont_montrees_qu_au_cote_du_referent():
    """A social worker involved in the file reads it, but not the procedures' block nor their events."""
    from django.test import Client

    s = SituationSanction()
    s.avertie()
    cd = OrganisationFactory(conseil_departemental=True, departement_id=s.personne.departement_id)
    ImplicationFactory(personne=s.personne, organisation=cd, created_by=s.referent)
    travailleur = professionnel(cd, Role.TRAVAILLEUR_SOCIAL)
    client = Client()
    client.force_login(s.referent)
    page = texte(client.get(fiche(s.personne)))
    assert "Procédures en cours" in page and "1 procédure en cours" in page
    assert "Avertissement préalable : observations attendues" in page
    assert "Signaler un manquement" in page
    assert "Étape de la procédure de sanction : Avertissement préalable notifié" in texte(
        client.get(historique(s.personne))
    )
    client.force_login(travailleur)
    response = client.get(fiche(s.personne))
    assert response.status_code == 200
    page = texte(response)
    assert "Procédures en cours" not in page and "Signaler un manquement" not in page
    assert "observations attendues" not in page
    chronologie = texte(client.get(historique(s.personne)))
    assert "procédure" not in chronologie.lower() and "manquement" not in chronologie.lower()
    assert "sanction" not in texte(client.get(historique(s.personne), {"genre": "sanction"})).split("<main")[1]


@pytest.mark.parametrize("page", ["fiche", "historique"])
def test_le_nombre_de_requetes_ne_grandit_pas_avec_l_historique(client, accompagne, page):
    s = accompagne
    url = fiche(s.personne) if page == "fiche" else historique(s.personne)
    client.force_login(s.referent)
    client.get(url)  # primes the session refresh and the cached memberships
    evenements(s.personne, 5)
    with CaptureQueriesContext(connection) as avec_5:
        assert client.get(url).status_code == 200
    evenements(s.personne, 495)
    with CaptureQueriesContext(connection) as avec_500:
        assert client.get(url).status_code == 200
    assert len(avec_500.captured_queries) == len(avec_5.captured_queries)
    if page == "fiche":
        # The person page: session, user, savepoint, the file (its blocks and latest events included),
        # the access log, the header’s notifications, release.
        assert len(avec_500.captured_queries) == 7


def test_une_fiche_sans_rien_montre_chaque_etape_a_venir(client):
    agence = OrganisationFactory()
    conseiller = professionnel(agence)
    personne = PersonneFactory(organisme_referent=agence)
    client.force_login(conseiller)
    page = texte(client.get(fiche(personne)))
    assert "Pas de dossier d’inscription" in page
    assert "Pas encore d’orientation" in page
    assert "Pas encore rédigé" in page
    assert "Aucun événement enregistré." in page
    assert "Aucune autre organisation impliquée" in page
    assert 'id="alertes"' not in page
    assert Personne.objects.filter(pk=personne.pk).exists()


# The ORE must be set within contrat.delai_ore months (6) of the signature: the page says the same as
# ContratEngagement.alerte_ore, on the last day of the delay and the day after.
@pytest.mark.parametrize(("jours_apres_l_echeance", "alerte"), [(0, False), (1, True)])
def test_l_alerte_ore_des_deux_cotes_du_delai(client, accompagne, jours_apres_l_echeance, alerte):
    from contrats import regles

    s = accompagne
    aujourdhui = timezone.localdate()
    echeance = aujourdhui - datetime.timedelta(days=jours_apres_l_echeance)
    signe_le = regles.ajouter_mois(echeance, -6)
    assert regles.echeance_ore(signe_le, delai_mois=6) == echeance
    instant = timezone.make_aware(datetime.datetime.combine(signe_le, datetime.time(12, 0)))
    ContratEngagement.objects.filter(pk=s.contrat.pk).update(signe_le=instant, ore_fixee_le=None)
    assert ContratEngagement.objects.get(pk=s.contrat.pk).alerte_ore(aujourdhui) is alerte
    client.force_login(s.referent)
    page = texte(client.get(fiche(s.personne)))
    assert ("Offre raisonnable d’emploi non fixée dans le délai" in page) is alerte


def test_la_requete_preparee_se_prepare_de_nouveau_apres_oubli(accompagne):
    from francetravail.personnes.queries import charger_fiche, fiche

    s = accompagne
    premiere = charger_fiche(s.personne.pk)
    charger_fiche.oublier()
    seconde = charger_fiche(s.personne.pk)
    attendu = fiche().get(pk=s.personne.pk)
    assert premiere.pk == seconde.pk == attendu.pk
    assert seconde.fiche_contrat is not None and seconde.inscription_statut == attendu.inscription_statut
