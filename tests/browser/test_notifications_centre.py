"""In a real Chromium: a person (on a 390-pixel-wide phone) and a conseiller find their unread
notifications from the header's badge, open the centre, mark one or all as read, and the badge goes.
axe-core checks each page."""

import datetime

import pytest
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.factories import OrganisationFactory, UserFactory, professionnel
from tests.notifications.centre import notification_pour

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "centre-notifications.exemple.fr"
AGENCE = "Agence du test du centre de notifications"
LARGEUR = 390


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    AuditEvent.objects.filter(acting_user__in=users).delete()
    JournalAcces.objects.filter(Q(user__in=users)).delete()
    Notification.objects.filter(destinataire__in=users).delete()
    Membership.objects.filter(user__in=users).delete()
    users.delete()
    Organisation.objects.filter(nom=AGENCE).delete()


@pytest.fixture
def comptes(base_validee):
    _nettoyer()
    with transaction.atomic():
        agence = OrganisationFactory(nom=AGENCE, departement_id="59")
        conseiller = professionnel(agence, Role.CONSEILLER, email=f"camille@{DOMAINE}", first_name="Camille")
        personne = UserFactory(email=f"ines@{DOMAINE}", first_name="Inès", last_name="Moreau")
        ancienne = notification_pour(personne, "orientation.decision", lue=True, lien="/mon-espace/orientation/")
        Notification.objects.filter(pk=ancienne.pk).update(created_at=timezone.now() - datetime.timedelta(days=9))
        notification_pour(personne, "rendezvous.confirmation", canal=Canal.EMAIL, lien="/mon-espace/rendez-vous/")
        for cle in ("messagerie.message_au_professionnel", "contrats.accepte"):
            notification_pour(conseiller, cle, canal=Canal.EMAIL, lien="/conseiller/")
    try:
        yield {"personne": personne, "conseiller": conseiller}
    finally:
        _nettoyer()


def _badge(page):
    return page.locator(".fr-header__tools-links .ft-compteur-notifications")


def _sans_defilement_horizontal(page):
    largeur = page.evaluate("() => document.documentElement.scrollWidth")
    assert largeur <= LARGEUR, f"{page.url} défile horizontalement : {largeur} px pour {LARGEUR}"


def test_la_personne_sur_telephone_lit_ses_notifications(serveur_web, navigateur, comptes):
    page = navigateur
    page.set_viewport_size({"width": LARGEUR, "height": 844})
    _connecter(page, serveur_web, comptes["personne"].email)
    assert " ".join(_badge(page).text_content().split()) == "1 nouvelle"

    # On a phone the header's tool links are in the menu.
    page.get_by_role("button", name="Menu").click()
    page.locator("#menu-principal").get_by_role("link", name="Notifications 1 nouvelle").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/mon-espace/notifications/")
    main = page.locator("main")
    # Badges are uppercased by the DSFR's CSS: compared in lower case.
    textes = [t.lower() for t in main.locator(".ft-notification").all_inner_texts()]
    assert "rendez-vous confirmé" in textes[0] and "non lue" in textes[0]
    assert "décision d'orientation" in textes[1] and "avis officiel" in textes[1] and "non lue" not in textes[1]
    _sans_defilement_horizontal(page)
    verifier_accessibilite(page)

    main.get_by_role("button", name="Marquer comme lue").click()
    page.wait_for_load_state("load")
    assert "non lue" not in main.inner_text().lower()
    assert _badge(page).count() == 0
    assert "Rendez-vous confirmé" in main.inner_text()  # read, still listed
    _sans_defilement_horizontal(page)
    verifier_accessibilite(page)


def test_le_conseiller_marque_tout_comme_lu(serveur_web, navigateur, comptes):
    page = navigateur
    _connecter(page, serveur_web, comptes["conseiller"].email, totp=True)
    assert " ".join(_badge(page).text_content().split()) == "2 nouvelles"
    page.locator(".fr-header__tools-links").get_by_role("link", name="Notifications 2 nouvelles").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/conseiller/notifications/")
    main = page.locator("main")
    assert "Nouveau message d'une personne accompagnée" in main.inner_text()
    verifier_accessibilite(page)

    main.get_by_role("button", name="Tout marquer comme lu").click()
    page.wait_for_load_state("load")
    assert _badge(page).count() == 0
    assert "non lue" not in main.inner_text().lower()
    assert not Notification.objects.filter(destinataire=comptes["conseiller"], lue_le__isnull=True).exists()
    verifier_accessibilite(page)
