"""In a real Chromium: a conseiller works through the dashboard's « À faire » from top to bottom —
each item's count, a click, the queue's page with the expected people (and no one else's), back to
the dashboard. axe-core checks the dashboard and every queue page."""

import contextlib
import datetime

import pytest
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from contrats.models import ContratEngagement
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.messagerie.models import Message
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.rendezvous.models import Agenda, Creneau, ManquementAExaminer, RendezVous
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from orientation.enums import Parcours, StatutDecision
from orientation.models import DecisionOrientation
from tests.a_faire.factories import personne_dans_chaque_file
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.factories import OrganisationFactory, PersonneFactory, professionnel

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "a-faire.navigateur.exemple.fr"
AGENCE = "Agence du test navigateur (à faire)"


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    orgs = Organisation.objects.filter(nom=AGENCE)
    personnes = Personne.objects.filter(organisme_referent__in=orgs)
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    Notification.objects.filter(destinataire__in=users).delete()
    ManquementAExaminer.objects.filter(personne__in=personnes).delete()
    RendezVous.objects.filter(personne__in=personnes).delete()
    Creneau.objects.filter(agenda__organisation__in=orgs).delete()
    Agenda.objects.filter(organisation__in=orgs).delete()
    Message.objects.filter(personne__in=personnes).delete()
    ContratEngagement.objects.filter(personne__in=personnes).delete()
    DecisionOrientation.objects.filter(personne__in=personnes).delete()
    auteurs = list(Personne.objects.filter(pk__in=personnes).exclude(user=None).values_list("user_id", flat=True))
    with contextlib.suppress(ProtectedError):
        personnes.delete()
    User.objects.filter(pk__in=auteurs).delete()
    Membership.objects.filter(user__in=users).delete()
    users.delete()
    orgs.delete()


@pytest.fixture
def situation(base_validee):
    _nettoyer()
    with transaction.atomic():
        agence = OrganisationFactory(nom=AGENCE, departement_id="59")
        conseiller = professionnel(agence, Role.CONSEILLER, email=f"camille@{DOMAINE}", first_name="Camille")
        noms = ["Contresigne", "Etapiste", "Sansore", "Absente", "Ecrivaine"]
        personnes = personne_dans_chaque_file(agence, conseiller)
        for personne, nom in zip(personnes, noms, strict=True):
            Personne.objects.filter(pk=personne.pk).update(nom_naissance=nom)
        # Oriented 20 days ago, no first appointment: late on the 15-day objective.
        oubliee = PersonneFactory(organisme_referent=agence, nom_naissance="Oubliee")
        il_y_a = timezone.now() - datetime.timedelta(days=20)
        DecisionOrientation.objects.create(
            personne=oubliee,
            statut=StatutDecision.CONFIRMEE,
            explication="Orientation de test.",
            parcours_propose=Parcours.PROFESSIONNEL,
            parcours=Parcours.PROFESSIONNEL,
            organisme=agence,
            decidee_le=il_y_a,
            notifiee_le=il_y_a,
        )
    attendus = {
        "Contrats à contresigner": "Contresigne",
        "Premiers rendez-vous en retard": "Oubliee",
        "Messages sans réponse dans le délai promis": "Ecrivaine",
        "Points d'étape à proposer": "Etapiste",
        "Offres raisonnables d'emploi à fixer": "Sansore",
        "Manquements à examiner": "Absente",
    }
    try:
        yield {"conseiller": conseiller, "attendus": attendus}
    finally:
        _nettoyer()


def test_le_conseiller_parcourt_a_faire_de_haut_en_bas(serveur_web, navigateur, situation):
    page = navigateur
    page.set_viewport_size({"width": 1280, "height": 900})
    _connecter(page, serveur_web, situation["conseiller"].email, totp=True)
    page.goto(f"{serveur_web}/conseiller/")
    verifier_accessibilite(page)
    section = page.locator("section[aria-labelledby=a-faire-titre]")
    items = section.locator("li")
    libelles = [items.nth(i).locator("a").inner_text().strip() for i in range(items.count())]
    assert libelles == [
        "Invitations reçues",
        "Orientations à décider",
        "Contrats à contresigner",
        "Premiers rendez-vous en retard",
        "Messages sans réponse dans le délai promis",
        "Demandes de rectification",
        "Points d'étape à proposer",
        "Offres raisonnables d'emploi à fixer",
        "Manquements à examiner",
    ]
    # The work comes first, the employers' tiles after it.
    texte = page.locator("main").inner_text()
    assert texte.index("À faire") < texte.index("Entreprises et offres")

    tous = set(situation["attendus"].values())
    for libelle in libelles:
        item = section.locator("li", has=page.get_by_role("link", name=libelle, exact=True))
        attendu = situation["attendus"].get(libelle)
        badge = item.locator(".fr-badge").inner_text().strip().upper()
        assert badge == ("1" if attendu else "0 — RIEN À FAIRE"), libelle
        with page.expect_navigation():
            item.get_by_role("link", name=libelle, exact=True).click()
        verifier_accessibilite(page)
        contenu = page.locator("main").inner_text().upper()
        for nom in tous:
            assert (nom.upper() in contenu) is (nom == attendu), (libelle, nom)
        # No horizontal scroll at 1280 px on a queue page.
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), libelle
        with page.expect_navigation():
            page.go_back()
        assert page.url.rstrip("/").endswith("/conseiller")
