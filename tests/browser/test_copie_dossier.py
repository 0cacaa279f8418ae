"""In a real Chromium: the person asks for a copy of their file in « Mes données », watches the progress bar
move while the worker prepares it (the page's script reads the copy's state), and once it is ready the page
shows the link; the ZIP downloads with its PDF summary. axe-core checks each state of the page."""

import contextlib
import datetime
import zipfile

import pytest
from django.db import transaction
from django.db.models import ProtectedError, Q

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.donnees import copie_zip
from francetravail.donnees.enums import StatutCopie
from francetravail.donnees.models import CopieDossier
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.reseau.models import Organisation
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.factories import OrganisationFactory, UserFactory, commune

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "copie.navigateur.exemple.fr"
AGENCE = "Agence du test navigateur (copie du dossier)"


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    personnes = Personne.objects.filter(user__in=users)
    for copie in CopieDossier.objects.filter(personne__in=personnes):
        if copie.fichier:
            copie.fichier.delete(save=False)
    CopieDossier.objects.filter(personne__in=personnes).delete()
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    Notification.objects.filter(destinataire__in=users).delete()
    with contextlib.suppress(ProtectedError):
        personnes.delete()
    users.delete()
    with contextlib.suppress(ProtectedError):
        Organisation.objects.filter(nom=AGENCE).delete()


@pytest.fixture
def personne(base_validee):
    _nettoyer()
    with transaction.atomic():
        agence = OrganisationFactory(nom=AGENCE, departement_id="59")
        user = UserFactory(email=f"nora@{DOMAINE}", first_name="Nora", last_name="Haddad")
        personne = Personne.objects.create(
            user=user,
            nom_naissance="Haddad",
            prenoms="Nora",
            date_naissance=datetime.date(1988, 4, 12),
            email=user.email,
            commune=commune("59350"),
            code_postal="59000",
            adresse="3 rue Nationale",
            organisme_referent=agence,
        )
    try:
        yield personne
    finally:
        _nettoyer()


def test_la_personne_suit_la_preparation_de_sa_copie_et_la_telecharge(serveur_web, navigateur, personne):
    page = navigateur
    _connecter(page, serveur_web, personne.user.email)
    page.goto(f"{serveur_web}/mon-espace/mes-donnees/")
    verifier_accessibilite(page)
    page.locator("#demander-copie").click()
    page.wait_for_load_state("load")

    # No worker in this test: the copy waits; the page shows its state and reads it again by itself.
    copie = CopieDossier.objects.get(personne=personne)
    assert copie.statut == StatutCopie.EN_ATTENTE
    assert page.locator("#copie-en-preparation").is_visible()
    verifier_accessibilite(page)
    CopieDossier.objects.filter(pk=copie.pk).update(
        statut=StatutCopie.EN_COURS, progression=40, etape="Lecture : Messages"
    )
    page.wait_for_function("() => document.getElementById('copie-progression').value === 40", timeout=10_000)
    assert "Lecture : Messages" in page.locator("#copie-etape").inner_text()

    # The worker's work, done here: once ready, the page reloads itself and shows the link.
    CopieDossier.objects.filter(pk=copie.pk).update(statut=StatutCopie.EN_ATTENTE)
    copie_zip.construire(copie.pk)
    lien = page.locator("#copies-dossier").get_by_role("link", name="Télécharger")
    lien.wait_for(timeout=15_000)
    assert not page.locator("#copie-en-preparation").count()
    verifier_accessibilite(page)
    with page.expect_download() as telechargement:
        lien.click()
    chemin = telechargement.value.path()
    with zipfile.ZipFile(chemin) as archive:
        assert "resume.pdf" in archive.namelist()
        assert "donnees/consultations.json" in archive.namelist()

    # On a phone (390 px), the page with its table of copies does not scroll sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    largeurs = page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, fenetre: document.documentElement.clientWidth})"
    )
    assert largeurs["page"] <= largeurs["fenetre"], largeurs
