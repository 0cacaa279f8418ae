"""In a real Chromium at 390 px wide (a phone): a person without an account opens the booking link of
their invitation (as from the SMS), checks their birth date, books a slot of a collective session, sees
the confirmation, downloads the .ics when the agendas offer it, creates their space in one step and
confirms their address; every page fits the width and axe-core finds nothing serious on it. A forged
link and an expired one are clear pages too."""

import re
from datetime import date, timedelta

import pytest
from django.db.models import Q
from django.utils import timezone

from francetravail.audit.models import AuditEvent
from francetravail.comptes.models import User
from francetravail.invitations import lien
from francetravail.invitations.models import DemandeRappel, Invitation
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.rendezvous.enums import Motif, StatutRendezVous
from francetravail.rendezvous.models import Agenda, Creneau, RendezVous, SuiviRendezVous
from francetravail.reseau.models import Organisation
from tests.browser.conftest import lien_dans
from tests.browser.test_espace_mobile import LARGEUR, _verifier_la_page
from tests.factories import OrganisationFactory, PersonneFactory
from tests.invitations.factories_lien import invitation
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "lien-rdv.navigateur.exemple.fr"
ORGANISATION = "Agence du test navigateur (lien de rendez-vous)"
NAISSANCE = date(1979, 3, 21)


def _nettoyer():
    orgs = Organisation.objects.filter(nom=ORGANISATION)
    personnes = Personne.objects.filter(organisme_referent__in=orgs)
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    Invitation.objects.filter(personne__in=personnes).delete()
    DemandeRappel.objects.filter(personne__in=personnes).delete()
    RendezVous.objects.filter(personne__in=personnes).delete()
    SuiviRendezVous.objects.filter(personne__in=personnes).delete()
    AuditEvent.objects.filter(Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    Notification.objects.filter(Q(destinataire__in=users) | Q(adresse__endswith=f"@{DOMAINE}")).delete()
    personnes.delete()
    users.delete()
    Creneau.objects.filter(agenda__organisation__in=orgs).delete()
    Agenda.objects.filter(organisation__in=orgs).delete()
    orgs.delete()


@pytest.fixture
def situation(base_validee):
    _nettoyer()
    agence = OrganisationFactory(nom=ORGANISATION, departement_id="59", telephone="03 20 11 22 33")
    agenda = AgendaFactory(organisation=agence, libelle="Salle d'information collective")
    session = CreneauFactory(
        agenda=agenda,
        debut=dans(4, heure=9),
        motif=Motif.SESSION_COLLECTIVE,
        capacite=12,
        nb_reservations=3,
        intitule="Information collective : bienvenue dans l'accompagnement",
        lieu="3 place du Théâtre, 59000 Lille",
    )
    CreneauFactory(agenda=agenda, debut=dans(6, heure=14), motif=Motif.SESSION_COLLECTIVE, capacite=12)
    personne = PersonneFactory(
        organisme_referent=agence,
        nom_naissance="Benhamou",
        prenoms="Samia",
        date_naissance=NAISSANCE,
        email=f"samia@{DOMAINE}",
        telephone="0698765432",
    )
    inv = invitation(
        personne, agence, motif=Motif.SESSION_COLLECTIVE, limite_rdv=timezone.localdate() + timedelta(days=12)
    )
    expiree = invitation(
        PersonneFactory(organisme_referent=agence), agence, expire_le=timezone.now() - timedelta(minutes=1)
    )
    try:
        yield {"personne": personne, "invitation": inv, "session": session, "expiree": expiree}
    finally:
        _nettoyer()


def test_prendre_rendez_vous_depuis_le_lien_sans_compte(serveur_web, navigateur, smtp_sink, situation):
    page, personne, inv = navigateur, situation["personne"], situation["invitation"]
    page.set_viewport_size({"width": LARGEUR, "height": 844})

    # A forged link, an expired one: clear pages.
    page.goto(f"{serveur_web}/rdv/pas-un-vrai-lien/")
    assert "Ce lien n’est pas valide" in page.locator("main").inner_text()
    _verifier_la_page(page)
    page.goto(lien.url(situation["expiree"]))
    texte = page.locator("main").inner_text()
    assert "Ce lien n’est plus valable" in texte and "03 20 11 22 33" in texte
    _verifier_la_page(page)

    # The SMS link: nothing personal before the check.
    page.goto(lien.url(inv))
    texte = page.locator("main").inner_text()
    assert ORGANISATION in texte and "Benhamou" not in texte and "Samia" not in texte
    _verifier_la_page(page)
    page.fill("#naissance-jour", "21")
    page.fill("#naissance-mois", "3")
    page.fill("#naissance-annee", "1980")
    page.get_by_role("button", name="Vérifier et voir les créneaux").click()
    page.wait_for_load_state("load")
    assert "ne correspondent pas" in page.locator("main").inner_text()
    _verifier_la_page(page)
    page.fill("#naissance-annee", "1979")
    page.get_by_role("button", name="Vérifier et voir les créneaux").click()
    page.wait_for_load_state("load")

    # The slots, grouped by day, with the session's title and remaining places.
    texte = page.locator("main").inner_text()
    assert "Bonjour Samia" in texte and "bienvenue dans l'accompagnement" in texte and "9 places restantes" in texte
    _verifier_la_page(page)
    page.locator("main").get_by_role("button", name=re.compile("Choisir ce créneau")).first.click()
    page.wait_for_load_state("load")

    # The confirmation: date, place, what to bring, who to call.
    texte = page.locator("main").inner_text()
    assert "Votre rendez-vous est confirmé" in texte
    assert "3 place du Théâtre, 59000 Lille" in texte and "pièce d’identité" in texte and "03 20 11 22 33" in texte
    _verifier_la_page(page)
    rdv = RendezVous.objects.get(personne=personne)
    assert rdv.statut == StatutRendezVous.RESERVE and rdv.creneau == situation["session"]
    ics = page.locator("main").get_by_role("link", name=re.compile("Ajouter à mon agenda"))
    if ics.count():  # the .ics is the « agendas » part (rendezvous.ics)
        with page.expect_download() as telechargement:
            ics.click()
        assert telechargement.value.suggested_filename == "rendez-vous.ics"

    # Her space in one step: names and e-mail already there, a password to choose.
    page.locator("main").get_by_role("link", name="Créer mon espace").click()
    page.wait_for_load_state("load")
    assert page.input_value("input[name=email]") == f"samia@{DOMAINE}"
    assert page.input_value("input[name=nom]") == "Benhamou"
    _verifier_la_page(page)
    page.fill("input[name=mot_de_passe]", "Theatre-Lille-2026")
    page.locator("main").get_by_role("button", name="Créer mon espace").click()
    page.wait_for_load_state("load")
    assert "Confirmez votre adresse électronique" in page.locator("main").inner_text()
    _verifier_la_page(page)
    personne.refresh_from_db()
    assert personne.user is not None and personne.user.email == f"samia@{DOMAINE}"

    courriel = smtp_sink.wait_for(
        lambda m: m["To"] == f"samia@{DOMAINE}" and "/comptes/" in m.get_content(), timeout=30
    )
    page.goto(lien_dans(courriel.get_content()))
    _verifier_la_page(page)
    page.locator("main").get_by_role("button").first.click()
    page.wait_for_load_state("load")
    assert personne.user.emailaddress_set.get().verified

    # Back on the link later (the check still in the session): the booking, which she cancels with a reason.
    page.goto(lien.url(inv))
    assert "Votre rendez-vous est confirmé" in page.locator("main").inner_text()
    page.locator("main").get_by_role("link", name="Annuler ce rendez-vous").click()
    page.wait_for_load_state("load")
    _verifier_la_page(page)
    page.fill("textarea[name=motif]", "Je commence un emploi ce jour-là.")
    page.locator("main").get_by_role("button", name="Annuler le rendez-vous").click()
    page.wait_for_load_state("load")
    assert "Ce rendez-vous est annulé" in page.locator("main").inner_text()
    _verifier_la_page(page)
    rdv.refresh_from_db()
    assert rdv.statut == StatutRendezVous.ANNULE


def test_aucun_creneau_ne_convient_demander_a_etre_rappele(serveur_web, navigateur, situation):
    page, autre = navigateur, situation["expiree"]
    inv = invitation(autre.personne, autre.organisation, motif=Motif.DIAGNOSTIC, code="LETTRE42")
    page.set_viewport_size({"width": LARGEUR, "height": 844})
    # From the letter's QR code: the code printed on it.
    page.goto(lien.url(inv))
    page.fill("#code-courrier", "lettre 42")
    page.get_by_role("button", name="Vérifier avec le code").click()
    page.wait_for_load_state("load")
    assert "Aucun créneau n’est libre pour le moment" in page.locator("main").inner_text()
    _verifier_la_page(page)
    page.locator("main").get_by_role("link", name="Je souhaite être rappelé").click()
    page.wait_for_load_state("load")
    assert page.input_value("input[name=telephone]") == autre.personne.telephone
    _verifier_la_page(page)
    page.fill("input[name=disponibilites]", "le mardi matin")
    page.locator("main").get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_load_state("load")
    assert "Votre demande est envoyée" in page.locator("main").inner_text()
    _verifier_la_page(page)
    assert DemandeRappel.objects.get(invitation=inv).disponibilites == "le mardi matin"
