"""In a real Chromium: the référent opens the person page from the portfolio, ends the accompaniment (a
future date refused at the field first), reads « Accompagnement terminé » with its reason and date on the
person page; the person reads it in their space; the référent reopens it. axe-core checks every page."""

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
from inscription.enums import StatutInscription
from inscription.models import DossierInscription
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_diagnostic_contrat import _autre_navigateur
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.factories import OrganisationFactory, UserFactory, commune, professionnel
from tests.inscription.factories import dossier_complet

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "fin-accompagnement.navigateur.exemple.fr"
AGENCE = "Agence du test navigateur (fin d'accompagnement)"


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    personnes = Personne.objects.filter(Q(user__in=users) | Q(email__endswith=f"@{DOMAINE}"))
    orgs = Organisation.objects.filter(nom=AGENCE)
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    Notification.objects.filter(Q(destinataire__in=users) | Q(adresse__endswith=f"@{DOMAINE}")).delete()
    DossierInscription.objects.filter(personne__in=personnes).delete()
    Membership.objects.filter(user__in=users).delete()
    with contextlib.suppress(ProtectedError):
        personnes.delete()
    users.delete()
    orgs.delete()


@pytest.fixture
def situation(base_validee):
    _nettoyer()
    with transaction.atomic():
        agence = OrganisationFactory(nom=AGENCE, departement_id="59")
        referent = professionnel(agence, Role.CONSEILLER, email=f"lea@{DOMAINE}", first_name="Léa", last_name="Roux")
        user = UserFactory(email=f"samir@{DOMAINE}", first_name="Samir", last_name="Haddad")
        personne = Personne.objects.create(
            user=user,
            nom_naissance="Haddad",
            prenoms="Samir",
            date_naissance=datetime.date(1988, 3, 12),
            email=user.email,
            commune=commune("59350"),
            adresse="8 rue de Béthune",
            organisme_referent=agence,
            referent_unique=referent,
        )
        dossier_complet(personne, inscrit_le=timezone.now())
    try:
        yield {"referent": referent, "personne": personne}
    finally:
        _nettoyer()


def _main(page):
    return page.locator("main")


def _cliquer(page, role, nom):
    with page.expect_navigation():
        _main(page).get_by_role(role, name=nom, exact=True).first.click()


def test_le_referent_termine_puis_rouvre_l_accompagnement(serveur_web, navigateur, situation):
    referent, personne = situation["referent"], situation["personne"]
    page = navigateur
    _connecter(page, serveur_web, referent.email, totp=True)

    # From the dashboard to the person page, by clicking (the portfolio lists the person).
    page.goto(f"{serveur_web}/conseiller/personnes/?portefeuille=1")
    verifier_accessibilite(page)
    with page.expect_navigation():
        _main(page).get_by_role("link", name=re.compile("HADDAD", re.IGNORECASE)).first.click()
    assert page.url.endswith(f"/conseiller/personnes/{personne.pk}/")
    verifier_accessibilite(page)

    # A date after today is refused at the field; nothing written.
    _cliquer(page, "link", "Terminer l’accompagnement")
    verifier_accessibilite(page)
    formulaire = _main(page).locator("form")
    formulaire.get_by_label(re.compile(r"^\s*Motif de la fin")).select_option("reprise_emploi")
    demain = timezone.localdate() + datetime.timedelta(days=1)
    formulaire.get_by_label(re.compile(r"^\s*Date de fin")).fill(demain.isoformat())
    _cliquer(page, "button", "Terminer l’accompagnement")
    assert page.title().startswith("Erreur")
    assert "après aujourd" in _main(page).inner_text()
    verifier_accessibilite(page)
    assert DossierInscription.objects.get(personne=personne).statut == StatutInscription.INSCRIT

    # Today: the accompaniment ends; the person page says so, with reason and date.
    aujourdhui = timezone.localdate()
    formulaire = _main(page).locator("form")
    formulaire.get_by_label(re.compile(r"^\s*Date de fin")).fill(aujourdhui.isoformat())
    formulaire.get_by_label(re.compile(r"^\s*Précision")).fill("CDI chez un transporteur")
    _cliquer(page, "button", "Terminer l’accompagnement")
    assert page.url.endswith(f"/conseiller/personnes/{personne.pk}/")
    bandeau = _main(page).locator("#accompagnement-termine")
    texte = bandeau.inner_text()
    assert "Accompagnement terminé" in texte
    assert f"{aujourdhui:%d/%m/%Y}" in texte and "Reprise d'emploi : CDI chez un transporteur" in texte
    verifier_accessibilite(page)
    dossier = DossierInscription.objects.get(personne=personne)
    assert dossier.accompagnement_termine and dossier.cessee_le == aujourdhui
    assert (
        Notification.objects.filter(destinataire=personne.user, modele="inscription/accompagnement_termine").count()
        == 2
    )

    # The person reads it in their space: date, reason, how to have it reopened.
    espace = _autre_navigateur(page)
    _connecter(espace, serveur_web, personne.user.email)
    espace.goto(f"{serveur_web}/mon-espace/")
    texte = _main(espace).inner_text()
    assert "Votre accompagnement est terminé" in texte and "CDI chez un transporteur" in texte
    assert "Votre inscription n’est pas terminée" not in texte
    verifier_accessibilite(espace)
    assert not espace.erreurs_js

    # Reopened with a reason.
    with page.expect_navigation():
        bandeau.get_by_role("link", name="Rouvrir l’accompagnement").click()
    verifier_accessibilite(page)
    _main(page).locator("form").get_by_label(re.compile(r"^\s*Motif de la réouverture")).fill(
        "Période d'essai non concluante"
    )
    _cliquer(page, "button", "Rouvrir l’accompagnement")
    # The banner is gone; the person page's latest events still tell both steps.
    assert _main(page).locator("#accompagnement-termine").count() == 0
    assert "Accompagnement rouvert par le référent" in _main(page).inner_text()
    assert _main(page).get_by_role("link", name="Terminer l’accompagnement").count() == 1
    verifier_accessibilite(page)
    assert DossierInscription.objects.get(personne=personne).statut == StatutInscription.INSCRIT
    assert AuditEvent.objects.filter(personne=personne, event_type=TypeEvenement.ACCOMPAGNEMENT_ROUVERT).exists()
    assert not page.erreurs_js
