"""In a real Chromium: the référent opens the person page from the portfolio, declares a move to another
département (Arras, 62), is asked which organisation there takes over, transfers the file, and loses it
(the person page is a 404 for them); the new organisation's conseiller reads it. axe-core checks every page."""

import contextlib
import datetime
import re

import pytest
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from inscription.models import DossierInscription
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_diagnostic_contrat import _autre_navigateur
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.factories import OrganisationFactory, UserFactory, commune, professionnel
from tests.inscription.factories import dossier_complet

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "demenagement.navigateur.exemple.fr"
AGENCE = "Agence du test navigateur (déménagement, Lille)"
AGENCE_62 = "Agence du test navigateur (déménagement, Arras)"


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    personnes = Personne.objects.filter(Q(user__in=users) | Q(email__endswith=f"@{DOMAINE}"))
    orgs = Organisation.objects.filter(nom__in=[AGENCE, AGENCE_62])
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    Notification.objects.filter(Q(destinataire__in=users) | Q(adresse__endswith=f"@{DOMAINE}")).delete()
    DossierInscription.objects.filter(personne__in=personnes).delete()
    Membership.objects.filter(user__in=users).delete()
    with contextlib.suppress(ProtectedError):
        personnes.delete()
    users.delete()
    with contextlib.suppress(ProtectedError):
        orgs.delete()


@pytest.fixture
def situation(base_validee):
    _nettoyer()
    with transaction.atomic():
        agence = OrganisationFactory(nom=AGENCE, departement_id="59")
        agence_62 = OrganisationFactory(nom=AGENCE_62, departement_id="62")
        referent = professionnel(agence, Role.CONSEILLER, email=f"lea@{DOMAINE}", first_name="Léa", last_name="Roux")
        conseiller_62 = professionnel(
            agence_62, Role.CONSEILLER, email=f"marc@{DOMAINE}", first_name="Marc", last_name="Lemaire"
        )
        user = UserFactory(email=f"ines@{DOMAINE}", first_name="Inès", last_name="Moreau")
        personne = Personne.objects.create(
            user=user,
            nom_naissance="Moreau",
            prenoms="Inès",
            date_naissance=datetime.date(1991, 6, 2),
            email=user.email,
            commune=commune("59350"),
            code_postal="59000",
            adresse="8 rue de Béthune",
            organisme_referent=agence,
            referent_unique=referent,
        )
        dossier_complet(personne, inscrit_le=timezone.now())
    try:
        yield {"referent": referent, "personne": personne, "agence_62": agence_62, "conseiller_62": conseiller_62}
    finally:
        _nettoyer()


def _main(page):
    return page.locator("main")


def _cliquer(page, role, nom):
    with page.expect_navigation():
        _main(page).get_by_role(role, name=nom, exact=True).first.click()


def test_le_referent_transfere_le_dossier_apres_un_demenagement(serveur_web, navigateur, situation):
    referent, personne, agence_62 = situation["referent"], situation["personne"], situation["agence_62"]
    page = navigateur
    _connecter(page, serveur_web, referent.email, totp=True)

    page.goto(f"{serveur_web}/conseiller/personnes/?portefeuille=1")
    with page.expect_navigation():
        _main(page).get_by_role("link", name=re.compile("MOREAU", re.IGNORECASE)).first.click()
    assert page.url.endswith(f"/conseiller/personnes/{personne.pk}/")

    _cliquer(page, "link", "Déclarer un déménagement")
    verifier_accessibilite(page)
    formulaire = _main(page).locator("form")
    formulaire.get_by_label(re.compile(r"^\s*Nouvelle adresse")).fill("3 place des Héros")
    formulaire.get_by_label(re.compile(r"^\s*Code postal")).fill("62000")
    formulaire.get_by_label(re.compile(r"^\s*Commune")).fill("Arras")
    _cliquer(page, "button", "Enregistrer le déménagement")
    # Another département: the page asks which organisation takes over; nothing written yet.
    assert page.title().startswith("Erreur")
    assert "autre département (62)" in _main(page).inner_text()
    verifier_accessibilite(page)
    assert Personne.objects.get(pk=personne.pk).departement_id == "59"

    _main(page).locator("form").get_by_label(re.compile(r"^\s*Organisme du nouveau département")).select_option(
        str(agence_62.pk)
    )
    _cliquer(page, "button", "Transférer le dossier")
    assert page.url.endswith("/conseiller/personnes/")
    assert "est transféré" in _main(page).inner_text()
    verifier_accessibilite(page)
    p = Personne.objects.get(pk=personne.pk)
    assert (p.departement_id, p.organisme_referent_id, p.referent_unique_id) == ("62", agence_62.pk, None)
    assert AuditEvent.objects.filter(personne=p, event_type=TypeEvenement.TRANSFERT_DEPARTEMENT).exists()

    # The old référent has lost the file.
    reponse = page.goto(f"{serveur_web}/conseiller/personnes/{personne.pk}/")
    assert reponse.status == 404

    # The new organisation's conseiller reads it.
    autre = _autre_navigateur(page)
    _connecter(autre, serveur_web, situation["conseiller_62"].email, totp=True)
    reponse = autre.goto(f"{serveur_web}/conseiller/personnes/{personne.pk}/")
    assert reponse.status == 200
    assert "Arras" in _main(autre).inner_text()
    verifier_accessibilite(autre)
    assert not page.erreurs_js and not autre.erreurs_js
