"""In a real Chromium at 1280 px: a conseiller filters the people who arrived by the CAF/MSA flow in the
last 7 days without a first appointment, invites them in one action (confirmation page with the counts per
channel and who is skipped and why), then follows the lot until it is done. axe-core checks every page."""

import contextlib
import datetime
import re

import pytest
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.invitations import actions
from francetravail.invitations.models import Invitation, LotCourriers, LotInvitations
from francetravail.personnes.models import Personne
from francetravail.rendezvous.models import SuiviRendezVous
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from inscription.enums import Canal
from inscription.models import DossierInscription
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.inscription.factories import dossier_complet

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "invitations.navigateur.exemple.fr"
AGENCE = "Agence du test navigateur (invitations)"


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    personnes = Personne.objects.filter(Q(email__endswith=f"@{DOMAINE}") | Q(organisme_referent__nom=AGENCE))
    orgs = Organisation.objects.filter(nom=AGENCE)
    Invitation.objects.filter(personne__in=personnes).delete()
    LotInvitations.objects.filter(organisation__in=orgs).delete()
    LotCourriers.objects.filter(organisation__in=orgs).delete()  # the letters' batch of the day (« courriers »)
    SuiviRendezVous.objects.filter(personne__in=personnes).delete()
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    DossierInscription.objects.filter(personne__in=personnes).delete()
    Membership.objects.filter(user__in=users).delete()
    with contextlib.suppress(ProtectedError):
        personnes.delete()
    users.delete()
    orgs.delete()


def _arrivee(agence, i, il_y_a_jours, **kwargs):
    champs = {"email": f"{i}@{DOMAINE}", **kwargs}
    personne = PersonneFactory(nom_naissance=f"Invite{chr(65 + i)}", organisme_referent=agence, **champs)
    dossier = dossier_complet(personne, canal=Canal.FLUX_CAF_MSA)
    DossierInscription.objects.filter(pk=dossier.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=il_y_a_jours)
    )
    return personne


@pytest.fixture
def situation(base_validee):
    _nettoyer()
    with transaction.atomic():
        agence = OrganisationFactory(nom=AGENCE, departement_id="59")
        conseiller = professionnel(agence, Role.CONSEILLER, email=f"camille@{DOMAINE}")
        arrives = [_arrivee(agence, i, 1 + i) for i in range(4)]
        sans_moyen = _arrivee(agence, 4, 2, email="", telephone="", adresse="")
        ancien = _arrivee(agence, 5, 12)  # arrived too long ago: not in the list
    try:
        yield {"conseiller": conseiller, "arrives": arrives, "sans_moyen": sans_moyen, "ancien": ancien}
    finally:
        _nettoyer()


def _main(page):
    return page.locator("main")


def _sans_defilement_horizontal(page):
    largeurs = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert largeurs[0] <= largeurs[1], largeurs


def test_le_conseiller_invite_une_liste_filtree_en_une_action(serveur_web, navigateur, situation):
    page = navigateur
    page.set_viewport_size({"width": 1280, "height": 900})
    _connecter(page, serveur_web, situation["conseiller"].email, totp=True)

    # From the dashboard to the list, filtered on the newcomers of the CAF/MSA flow.
    with page.expect_navigation():
        _main(page).get_by_role("link", name=re.compile("Personnes suivies par mes organisations")).click()
    page.locator("#filtres").get_by_label("Bénéficiaires du RSA par le flux CAF/MSA").select_option("7j_sans_rdv")
    with page.expect_navigation():
        page.locator("#filtres").get_by_role("button", name="Filtrer et trier").click()
    verifier_accessibilite(page)
    texte = _main(page).inner_text().upper()
    assert "INVITEA" in texte and "INVITEF" not in texte

    with page.expect_navigation():
        _main(page).get_by_role("link", name=re.compile("Inviter les 5 personnes de cette liste")).click()
    verifier_accessibilite(page)
    _sans_defilement_horizontal(page)
    assert "Arrivés depuis 7 jours, sans premier rendez-vous" in _main(page).inner_text()
    _main(page).get_by_label("SMS").uncheck()
    with page.expect_navigation():
        _main(page).get_by_role("button", name="Voir le récapitulatif").click()

    # The confirmation: how many, per channel, who is skipped and why; nothing written yet.
    verifier_accessibilite(page)
    _sans_defilement_horizontal(page)
    recapitulatif = _main(page).inner_text()
    assert "4 personnes invitées, 1 non invitée" in recapitulatif
    assert "Courriel : 4" in recapitulatif and "SMS : 0" in recapitulatif
    assert "Aucun moyen de la joindre" in _main(page).locator("#non-invitees").inner_text()
    assert not LotInvitations.objects.exists()

    with page.expect_navigation():
        _main(page).get_by_role("button", name="Inviter 4 personnes").click()
    lot = LotInvitations.objects.get(created_by=situation["conseiller"])
    assert f"/conseiller/invitations/envois-groupes/{lot.pk}/" in page.url
    verifier_accessibilite(page)
    assert "Envoi en cours" in _main(page).inner_text() or "invitées" in _main(page).inner_text()

    # What the worker does (tests/invitations/test_lot_worker.py runs a real one): the page then shows it.
    actions.traiter_lot(lot.pk)
    page.wait_for_selector("#lot-termine", timeout=15_000)
    verifier_accessibilite(page)
    fin = _main(page).inner_text()
    assert "4 personnes invitées, 1 non invitée" in fin and "Courriel : 4" in fin
    assert situation["sans_moyen"].nom_naissance.upper() in fin.upper()
    assert Invitation.objects.filter(lot=lot).count() == 4
    assert not page.erreurs_js
