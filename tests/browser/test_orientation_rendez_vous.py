"""In a real Chromium: a conseiller confirms an orientation and offers a slot; the person
reads why they were oriented there, picks the slot and sees it booked. axe-core on every page."""

import datetime

import pytest

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.personnes.models import Implication, Personne
from francetravail.rendezvous.models import Agenda, Creneau, HistoriqueRendezVous, RendezVous
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Organisation
from orientation.actions import proposer
from orientation.models import DecisionOrientation, HistoriqueDecision
from tests.browser.conftest import verifier_accessibilite
from tests.factories import MOT_DE_PASSE, OrganisationFactory, UserFactory, code_totp, commune, professionnel
from tests.inscription.factories import dossier_complet
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "orientation.navigateur.exemple.fr"
ORGANISATION = "Agence du test navigateur (orientation)"


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    personnes = Personne.objects.filter(user__in=users)
    orgs = Organisation.objects.filter(nom=ORGANISATION)
    HistoriqueRendezVous.objects.filter(rendez_vous__personne__in=personnes).delete()
    RendezVous.objects.filter(personne__in=personnes).delete()
    Creneau.objects.filter(agenda__organisation__in=orgs).delete()
    Agenda.objects.filter(organisation__in=orgs).delete()
    HistoriqueDecision.objects.filter(decision__personne__in=personnes).delete()
    DecisionOrientation.objects.filter(personne__in=personnes).delete()
    AuditEvent.objects.filter(acting_user__in=users).delete()
    AuditEvent.objects.filter(personne__in=personnes).delete()
    AuditEvent.objects.filter(organisation__in=orgs).delete()
    JournalAcces.objects.filter(personne__in=personnes).delete()
    JournalAcces.objects.filter(user__in=users).delete()
    Implication.objects.filter(personne__in=personnes).delete()
    personnes.delete()
    users.delete()
    orgs.delete()


@pytest.fixture
def situation(base_validee):
    _nettoyer()
    agence = OrganisationFactory(nom=ORGANISATION, departement_id="59")
    conseiller = professionnel(
        agence, Role.CONSEILLER, email=f"camille@{DOMAINE}", first_name="Camille", last_name="Durand"
    )
    user = UserFactory(email=f"nora@{DOMAINE}", first_name="Nora", last_name="Benali")
    personne = Personne.objects.create(
        user=user,
        nom_naissance="Benali",
        prenoms="Nora",
        date_naissance=datetime.date(1990, 4, 12),
        commune=commune("59350"),
        adresse="12 rue des Arts",
        code_postal="59000",  # Lille has five: letters print the person's own
    )
    dossier_complet(personne, canal="en_ligne", freins=["sans_impact"])
    proposer(personne)
    creneau = CreneauFactory(agenda=AgendaFactory(organisation=agence, conseiller=conseiller), debut=dans(5))
    try:
        yield {"conseiller": conseiller, "personne": personne, "creneau": creneau, "agence": agence}
    finally:
        _nettoyer()


def _connecter(page, serveur_web, email, totp=False):
    page.goto(f"{serveur_web}/comptes/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", MOT_DE_PASSE)
    page.locator("main").get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_load_state("load")
    if totp:
        page.fill("input[name=code]", code_totp())
        page.locator("main").get_by_role("button", name="Valider", exact=True).click()
        page.wait_for_load_state("load")


def _cliquer(page, role, nom):
    page.locator("main").get_by_role(role, name=nom).first.click()
    page.wait_for_load_state("load")


def test_orientation_confirmee_puis_creneau_choisi(serveur_web, navigateur, situation):
    page, personne = navigateur, situation["personne"]
    _connecter(page, serveur_web, situation["conseiller"].email, totp=True)

    page.goto(f"{serveur_web}/conseiller/orientations/")
    verifier_accessibilite(page)
    assert "Benali" in page.locator("main").inner_text().title()
    page.goto(f"{serveur_web}/conseiller/personnes/{personne.pk}/orientation/")
    verifier_accessibilite(page)
    confirmation = page.locator("form").filter(has=page.get_by_role("button", name="Confirmer et notifier"))
    confirmation.get_by_label("Organisme référent").select_option(str(situation["agence"].pk))
    _cliquer(page, "button", "Confirmer et notifier")
    decision = DecisionOrientation.objects.get(personne=personne)
    assert decision.statut == "confirmee" and decision.notifiee_le is not None
    verifier_accessibilite(page)

    page.goto(f"{serveur_web}/conseiller/personnes/{personne.pk}/rendez-vous/")
    verifier_accessibilite(page)
    proposition = page.locator("form").filter(has=page.get_by_role("button", name="Proposer ces créneaux"))
    proposition.locator(f"input[type=checkbox][value='{situation['creneau'].pk}']").check()
    _cliquer(page, "button", "Proposer ces créneaux")
    verifier_accessibilite(page)

    page.context.clear_cookies()
    _connecter(page, serveur_web, personne.user.email)
    page.goto(f"{serveur_web}/mon-espace/orientation/")
    verifier_accessibilite(page)
    assert "professionnel" in page.locator("main").inner_text().lower()
    assert DecisionOrientation.objects.get(personne=personne).recue_le is not None

    page.goto(f"{serveur_web}/mon-espace/rendez-vous/")
    verifier_accessibilite(page)
    _cliquer(page, "button", "Choisir ce créneau")
    verifier_accessibilite(page)
    rdv = RendezVous.objects.get(personne=personne, creneau=situation["creneau"])
    assert rdv.statut == "reserve"
    assert "Votre rendez-vous est réservé" in page.locator("main").inner_text()
    assert "Changer de créneau" in page.locator("main").inner_text()  # the booked slot is listed
