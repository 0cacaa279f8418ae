"""In a real Chromium: a person asks from « Mes données » that an inexact datum be corrected; the
conseiller of her organisme référent finds the request in the dashboard's « À faire », reads it, extends
the deadline with a reason (RGPD art. 12 §3), then answers; the person reads the reason and the answer in
her space. The public « Données personnelles » page says the
durations in force, that there is no right to object and how to reach the data protection officer.
axe-core checks every page."""

import pytest
from django.db import transaction
from django.db.models import Q

from francetravail.audit.enums import PartieDossier
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.donnees.enums import StatutRectification
from francetravail.donnees.models import DemandeRectification
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, professionnel

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "rectification.navigateur.exemple.fr"
AGENCE = "Agence du test navigateur (rectification)"
DEMANDE = "Mon nom d'usage est Lefebvre, pas Lefèvre."
REPONSE = "Votre nom d'usage est corrigé : Lefebvre."
MOTIF = "Votre nom d'usage doit être vérifié auprès de la mairie qui a enregistré votre mariage."


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    orgs = Organisation.objects.filter(nom=AGENCE)
    personnes = Personne.objects.filter(Q(user__in=users) | Q(organisme_referent__in=orgs))
    DemandeRectification.objects.filter(personne__in=personnes).delete()
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    Notification.objects.filter(destinataire__in=users).delete()
    personnes.delete()
    Membership.objects.filter(user__in=users).delete()
    users.delete()
    orgs.delete()


@pytest.fixture
def comptes(base_validee):
    _nettoyer()
    with transaction.atomic():
        agence = OrganisationFactory(nom=AGENCE, departement_id="59")
        conseiller = professionnel(agence, Role.CONSEILLER, email=f"camille@{DOMAINE}", first_name="Camille")
        user = UserFactory(email=f"lea@{DOMAINE}", first_name="Léa", last_name="Lefèvre")
        personne = PersonneFactory(
            user=user,
            email=user.email,
            prenoms="Léa",
            nom_naissance="Durand",
            nom_usage="Lefèvre",
            organisme_referent=agence,
            referent_unique=conseiller,
        )
    try:
        yield {"personne": personne, "conseiller": conseiller}
    finally:
        _nettoyer()


def test_la_personne_demande_le_conseiller_repond_la_personne_lit(serveur_web, navigateur, comptes):
    page = navigateur
    page.set_viewport_size({"width": 1280, "height": 900})
    personne, conseiller = comptes["personne"], comptes["conseiller"]

    # The public page, before logging in: durations from the parameters, no right to object, the DPO.
    page.goto(f"{serveur_web}/donnees-personnelles/")
    verifier_accessibilite(page)
    texte = page.locator("main").inner_text()
    assert "pendant 3 ans" in texte and "pendant 7 ans" in texte and "6 mois" in texte
    assert "article 56 de la loi n° 78-17" in texte and "ne s’applique pas" in texte and "R. 5312-45" in texte

    # The person asks.
    _connecter(page, serveur_web, personne.user.email)
    page.goto(f"{serveur_web}/mon-espace/")
    page.get_by_role("link", name="Mes données").first.click()
    page.wait_for_load_state("load")
    verifier_accessibilite(page)
    assert "article 56" in page.locator("main").inner_text()
    page.locator("main").get_by_role("link", name="Demander une rectification").click()
    page.wait_for_load_state("load")
    verifier_accessibilite(page)
    assert AGENCE in page.locator("main").inner_text()
    # Sent empty: the browser keeps the form (required fields), nothing is recorded.
    page.locator("main").get_by_role("button", name="Envoyer ma demande").click()
    assert page.url.endswith("/mon-espace/mes-donnees/rectification/")
    assert not DemandeRectification.objects.filter(personne=personne).exists()
    page.get_by_label("Données concernées").select_option("identite")
    page.get_by_label("Ce qui est inexact, et la correction que vous demandez").fill(DEMANDE)
    page.locator("main").get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_load_state("load")
    verifier_accessibilite(page)
    texte = page.locator("main").inner_text()
    assert "Votre demande de rectification est envoyée." in page.content()
    assert "EN ATTENTE DE RÉPONSE" in texte.upper() and DEMANDE in texte
    demande = DemandeRectification.objects.get(personne=personne)
    assert demande.organisation.nom == AGENCE and demande.statut == StatutRectification.OUVERTE
    page.context.clear_cookies()

    # The conseiller finds it in « À faire », reads it (logged) and answers.
    _connecter(page, serveur_web, conseiller.email, totp=True)
    page.goto(f"{serveur_web}/conseiller/")
    section = page.locator("section[aria-labelledby=a-faire-titre]")
    item = section.locator("li", has=page.get_by_role("link", name="Demandes de rectification", exact=True))
    assert item.locator(".fr-badge").inner_text().strip() == "1"
    item.get_by_role("link", name="Demandes de rectification", exact=True).click()
    page.wait_for_load_state("load")
    verifier_accessibilite(page)
    page.locator("main").get_by_role("link", name="Léa LEFÈVRE").click()
    page.wait_for_load_state("load")
    verifier_accessibilite(page)
    assert DEMANDE in page.locator("main").inner_text()
    assert JournalAcces.objects.filter(personne=personne, user=conseiller, partie=PartieDossier.RECTIFICATION).exists()
    page.get_by_label("Pourquoi la réponse demande plus de temps").fill(MOTIF)
    page.locator("main").get_by_role("button", name="Prolonger le délai").click()
    page.wait_for_load_state("load")
    verifier_accessibilite(page)
    demande.refresh_from_db()
    assert demande.prolongee_le is not None and demande.motif_prolongation == MOTIF
    assert "Le délai est prolongé jusqu’au" in page.content() and MOTIF in page.locator("main").inner_text()
    assert page.locator("main").get_by_role("button", name="Prolonger le délai").count() == 0  # once only
    page.get_by_label("Les données ont été rectifiées").check()
    page.get_by_label("Message à la personne").fill(REPONSE)
    page.locator("main").get_by_role("button", name="Envoyer la réponse").click()
    page.wait_for_load_state("load")
    verifier_accessibilite(page)
    assert "Aucune demande en attente de réponse." in page.locator("main").inner_text()
    page.context.clear_cookies()

    # The person reads the answer from « Mes données ».
    _connecter(page, serveur_web, personne.user.email)
    page.goto(f"{serveur_web}/mon-espace/mes-donnees/")
    assert "DONNÉES RECTIFIÉES" in page.locator("main").inner_text().upper()
    page.locator("main").get_by_role("link", name="Identité et coordonnées").click()
    page.wait_for_load_state("load")
    verifier_accessibilite(page)
    texte = page.locator("main").inner_text()
    assert "DONNÉES RECTIFIÉES" in texte.upper() and REPONSE in texte
    assert MOTIF in texte and "délai prolongé de deux mois" in texte
