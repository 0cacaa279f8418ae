"""In a real Chromium: the référent opens « Les personnes autour du dossier » from the person page, finds
the département's social services by name and invites its social worker as co-référent; the social
worker finds the invitation from the dashboard, reads only the person's name and the reason, accepts,
and co-writes the diagnostic's health section; the person sees him in their group at 390 px.
axe-core checks every page."""

import contextlib
import datetime
import re

import pytest
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from diagnostic.models import Diagnostic, VersionSection
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.notifications.models import Notification
from francetravail.personnes.enums import StatutImplication
from francetravail.personnes.models import Implication, Personne
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from inscription.models import DossierInscription
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_diagnostic_contrat import _autre_navigateur
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.factories import OrganisationFactory, UserFactory, commune, professionnel
from tests.inscription.factories import dossier_complet

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "implications.navigateur.exemple.fr"
AGENCE = "Agence du test navigateur (implications)"
SOCIAL = "Services sociaux du test navigateur (implications)"


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    personnes = Personne.objects.filter(Q(user__in=users) | Q(email__endswith=f"@{DOMAINE}"))
    orgs = Organisation.objects.filter(nom__in=(AGENCE, SOCIAL))
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    Notification.objects.filter(Q(destinataire__in=users) | Q(adresse__endswith=f"@{DOMAINE}")).delete()
    VersionSection.objects.filter(diagnostic__personne__in=personnes).delete()
    Diagnostic.objects.filter(personne__in=personnes).delete()
    Implication.objects.filter(personne__in=personnes).delete()
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
        social = OrganisationFactory(nom=SOCIAL, conseil_departemental=True, departement_id="59")
        referent = professionnel(agence, Role.CONSEILLER, email=f"lea@{DOMAINE}", first_name="Léa", last_name="Roux")
        ts = professionnel(
            social, Role.TRAVAILLEUR_SOCIAL, email=f"karim@{DOMAINE}", first_name="Karim", last_name="Lefort"
        )
        user = UserFactory(email=f"samia@{DOMAINE}", first_name="Samia", last_name="Benhamou")
        personne = Personne.objects.create(
            user=user,
            nom_naissance="Benhamou",
            prenoms="Samia",
            date_naissance=datetime.date(1990, 6, 2),
            email=user.email,
            commune=commune("59350"),
            adresse="12 rue Solférino",
            organisme_referent=agence,
            referent_unique=referent,
        )
        dossier_complet(personne, inscrit_le=timezone.now())
    try:
        yield {"referent": referent, "ts": ts, "personne": personne, "social": social}
    finally:
        _nettoyer()


def _main(page):
    return page.locator("main")


def _cliquer(page, role, nom):
    with page.expect_navigation():
        _main(page).get_by_role(role, name=nom, exact=True).first.click()


def test_un_travailleur_social_invite_accepte_et_co_redige_le_diagnostic(serveur_web, navigateur, situation):
    referent, ts, personne = situation["referent"], situation["ts"], situation["personne"]
    page = navigateur
    _connecter(page, serveur_web, referent.email, totp=True)

    # From the person page, by clicking, to the people around the file.
    page.goto(f"{serveur_web}/conseiller/personnes/{personne.pk}/")
    _cliquer(page, "link", "Les personnes autour du dossier")
    assert page.url.endswith(f"/conseiller/personnes/{personne.pk}/autour/")
    verifier_accessibilite(page)

    # The organisation found by its name (accents and case as typed), then the invitation's terms.
    _main(page).get_by_label(re.compile(r"^\s*Nom de l'organisation")).fill("services SOCIAUX du test navigateur")
    _cliquer(page, "button", "Rechercher")
    verifier_accessibilite(page)
    _cliquer(page, "link", SOCIAL)
    verifier_accessibilite(page)
    formulaire = _main(page).locator("form").filter(has=page.get_by_role("button", name="Inviter", exact=True))
    formulaire.get_by_label(re.compile(r"^\s*Professionnel invité")).select_option(str(ts.pk))
    formulaire.get_by_label("Co-référent").check()
    formulaire.get_by_label(re.compile(r"^\s*Motif de l'invitation")).fill("Co-rédaction du diagnostic : santé")
    _cliquer(page, "button", "Inviter")
    assert "proposée" in _main(page).inner_text().lower()
    verifier_accessibilite(page)
    implication = Implication.objects.get(personne=personne)
    assert (implication.statut, implication.professionnel_id) == (StatutImplication.PROPOSEE, ts.pk)

    # The social worker: the dashboard's tile, the list, the invitation (name and reason only), accepted.
    autre = _autre_navigateur(page)
    _connecter(autre, serveur_web, ts.email, totp=True)
    autre.goto(f"{serveur_web}/conseiller/")
    verifier_accessibilite(autre)
    _cliquer(autre, "link", "Invitations reçues (1)")
    verifier_accessibilite(autre)
    _cliquer(autre, "link", personne.nom_complet)
    texte = _main(autre).inner_text()
    assert "Co-rédaction du diagnostic : santé" in texte and personne.email not in texte
    verifier_accessibilite(autre)
    _cliquer(autre, "button", "Accepter l’invitation")
    assert autre.url.endswith(f"/conseiller/personnes/{personne.pk}/")
    verifier_accessibilite(autre)

    # He co-writes the confidential health section.
    _cliquer(autre, "link", "Diagnostic")
    verifier_accessibilite(autre)
    autre.goto(f"{serveur_web}/conseiller/personnes/{personne.pk}/diagnostic/sante/")
    verifier_accessibilite(autre)
    _main(autre).get_by_label(re.compile(r"^\s*Situation de santé")).fill("Suivi de soins engagé avec la PMI.")
    _cliquer(autre, "button", "Enregistrer")
    version = VersionSection.objects.get(diagnostic__personne=personne, section="sante")
    assert version.auteur_id == ts.pk
    assert "Suivi de soins engagé" in _main(autre).inner_text()
    assert not autre.erreurs_js

    # The person sees him in their group, since today, at 390 px without horizontal scrolling.
    espace = _autre_navigateur(page)
    espace.set_viewport_size({"width": 390, "height": 844})
    _connecter(espace, serveur_web, personne.user.email)
    espace.goto(f"{serveur_web}/mon-espace/acces-a-mon-dossier/")
    groupe = _main(espace).locator("#groupe").inner_text()
    assert SOCIAL in groupe and f"co-référent depuis le {timezone.localdate():%d/%m/%Y}" in groupe
    assert espace.evaluate("document.documentElement.scrollWidth") <= 390
    verifier_accessibilite(espace)
    assert not page.erreurs_js and not espace.erreurs_js
