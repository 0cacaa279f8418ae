"""In a real Chromium at 1280 px: a responsable d'équipe goes from the dashboard to the agendas, creates a
team agenda, adds a recurring opening (two weekdays, every week) and sees its slots in the week view.
axe-core on every page."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.rendezvous.feries import ferie
from francetravail.rendezvous.models import Agenda, Creneau, PlageOuverture
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from tests.browser.conftest import verifier_accessibilite
from tests.factories import MOT_DE_PASSE, OrganisationFactory, code_totp, professionnel

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "agendas.navigateur.exemple.fr"
ORGANISATION = "Agence du test navigateur (agendas)"


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    orgs = Organisation.objects.filter(nom=ORGANISATION)
    Creneau.objects.filter(agenda__organisation__in=orgs).delete()
    PlageOuverture.objects.filter(agenda__organisation__in=orgs).delete()
    Agenda.objects.filter(organisation__in=orgs).delete()
    AuditEvent.objects.filter(acting_user__in=users).delete()
    AuditEvent.objects.filter(organisation__in=orgs).delete()
    JournalAcces.objects.filter(user__in=users).delete()
    Membership.objects.filter(organisation__in=orgs).delete()
    users.delete()
    orgs.delete()


@pytest.fixture
def situation(base_validee):
    _nettoyer()
    agence = OrganisationFactory(nom=ORGANISATION, departement_id="59")
    responsable = professionnel(
        agence, Role.RESPONSABLE_EQUIPE, email=f"responsable@{DOMAINE}", first_name="Inès", last_name="Roussel"
    )
    professionnel(agence, Role.CONSEILLER, email=f"camille@{DOMAINE}", first_name="Camille", last_name="Durand")
    try:
        yield {"responsable": responsable, "agence": agence}
    finally:
        _nettoyer()


def _connecter(page, serveur_web, email):
    page.goto(f"{serveur_web}/comptes/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", MOT_DE_PASSE)
    page.locator("main").get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_load_state("load")
    page.fill("input[name=code]", code_totp())
    page.locator("main").get_by_role("button", name="Valider", exact=True).click()
    page.wait_for_load_state("load")


def _cliquer(page, role, nom):
    page.locator("main").get_by_role(role, name=nom).first.click()
    page.wait_for_load_state("load")


def _prochain_jour_ouvre_non_ferie(jour_iso):
    jour = timezone.localdate() + datetime.timedelta(days=1)
    while jour.isoweekday() != jour_iso or ferie(jour, "59"):
        jour += datetime.timedelta(days=1)
    return jour


def test_un_responsable_cree_un_agenda_recurrent_et_voit_ses_creneaux(serveur_web, navigateur, situation):
    page = navigateur
    page.set_viewport_size({"width": 1280, "height": 900})
    _connecter(page, serveur_web, situation["responsable"].email)

    _cliquer(page, "link", "Agendas de l’organisation")
    verifier_accessibilite(page)
    _cliquer(page, "link", "Créer un agenda")
    verifier_accessibilite(page)
    page.get_by_label("Type d'agenda").select_option("equipe")
    page.get_by_label("Nom de l'agenda").fill("Équipe RSA du navigateur")
    page.get_by_label("Conseiller").select_option(label="Camille Durand")
    page.get_by_label("Lieu habituel (adresse)").fill("3 rue Nationale, 59000 Lille")
    _cliquer(page, "button", "Créer l’agenda")
    agenda = Agenda.objects.get(libelle="Équipe RSA du navigateur")
    assert agenda.conseiller.last_name == "Durand" and agenda.created_by == situation["responsable"]
    verifier_accessibilite(page)

    mardi = _prochain_jour_ouvre_non_ferie(2)
    formulaire = page.locator("form").filter(has=page.get_by_role("button", name="Ajouter la plage"))
    formulaire.get_by_label("Mardi").check()
    formulaire.get_by_label("Jeudi").check()
    formulaire.get_by_label("Heure de début").fill("09:00")
    formulaire.get_by_label("Heure de fin").fill("11:00")
    formulaire.get_by_label("Durée d'un créneau (minutes)").fill("30")
    formulaire.get_by_label("Motif").select_option("entretien_orientation")
    formulaire.get_by_label("Modalité").select_option("sur_place")
    formulaire.get_by_label("À partir du").fill(timezone.localdate().isoformat())
    _cliquer(page, "button", "Ajouter la plage")
    verifier_accessibilite(page)
    assert "La plage d’ouverture est créée" in page.locator("main").inner_text().replace("'", "’")
    assert Creneau.objects.filter(agenda=agenda, debut__date=mardi).count() == 4

    _cliquer(page, "link", "Vue de la semaine")
    while mardi > _dimanche_affiche(page):
        _cliquer(page, "link", "Semaine suivante")
    verifier_accessibilite(page)
    grille = page.locator(".ft-semaine").inner_text()
    assert "09h00–09h30" in grille and "10h30–11h00" in grille
    assert page.locator(".ft-creneau.ft-motif--entretien_orientation").count() >= 4
    assert page.erreurs_js == []


def _dimanche_affiche(page):
    """The Sunday of the week shown (from the URL's ?du=, else this week)."""
    du = parse_qs(urlsplit(page.url).query).get("du")
    jour = datetime.date.fromisoformat(du[0]) if du else timezone.localdate()
    return jour - datetime.timedelta(days=jour.weekday()) + datetime.timedelta(days=6)
