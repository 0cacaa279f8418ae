"""In a real Chromium: a conseiller opens a person page from the portfolio and reads it at a glance
(each step's block, the alert of a late first appointment, the organisations around the file, the
latest events), follows « Tout l’historique du dossier », filters it by kind and reads the next page
(« Voir plus »). At 1280 px and at 390 px no horizontal scroll of the page; axe-core on every page."""

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
from francetravail.personnes.models import Implication, Personne
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from inscription.models import DossierInscription
from orientation.models import DecisionOrientation
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.contrats.factories import orientation_notifiee
from tests.factories import OrganisationFactory, commune, professionnel
from tests.inscription.factories import dossier_complet

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "fiche.navigateur.exemple.fr"
AGENCE = "Agence du test navigateur (fiche personne)"
MISSION_LOCALE = "Mission locale du test navigateur (fiche personne)"


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    personnes = Personne.objects.filter(Q(user__in=users) | Q(email__endswith=f"@{DOMAINE}"))
    orgs = Organisation.objects.filter(nom__in=[AGENCE, MISSION_LOCALE])
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    Implication.objects.filter(personne__in=personnes).delete()
    DecisionOrientation.objects.filter(personne__in=personnes).delete()
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
        referent = professionnel(
            agence, Role.CONSEILLER, email=f"ines@{DOMAINE}", first_name="Inès", last_name="Morel"
        )
        personne = Personne.objects.create(
            nom_naissance="Lambert",
            prenoms="Chloé Marie-Antoinette",
            date_naissance=datetime.date(1985, 6, 2),
            email=f"chloe.lambert.avec.une.adresse.tres.longue@{DOMAINE}",
            commune=commune("59350"),
            adresse="12 rue de la République",
            organisme_referent=agence,
            referent_unique=referent,
        )
        dossier_complet(personne, inscrit_le=timezone.now() - datetime.timedelta(days=40))
        # Oriented 20 days ago and no appointment since: the first appointment is late (15 days).
        orientation_notifiee(personne, organisme=agence, notifiee_le=timezone.now() - datetime.timedelta(days=20))
        Implication.objects.create(
            personne=personne,
            organisation=OrganisationFactory(nom=MISSION_LOCALE, mission_locale=True, departement_id="59"),
            motif="Accompagnement vers la formation",
            created_by=referent,
        )
        debut = timezone.now() - datetime.timedelta(days=30)
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    event_type=TypeEvenement.MESSAGE_ENVOYE,
                    personne=personne,
                    acting_user=referent,
                    organisation=agence,
                    at=debut + datetime.timedelta(hours=i),
                )
                for i in range(30)
            ]
        )
        AuditEvent.objects.create(
            event_type=TypeEvenement.ORIENTATION_DECIDEE,
            personne=personne,
            acting_user=referent,
            organisation=agence,
            at=timezone.now() - datetime.timedelta(days=20),
        )
    try:
        yield {"referent": referent, "personne": personne}
    finally:
        _nettoyer()


def _main(page):
    return page.locator("main")


def _sans_defilement_horizontal(page):
    largeurs = page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, fenetre: document.documentElement.clientWidth})"
    )
    assert largeurs["page"] <= largeurs["fenetre"], f"{page.url} défile horizontalement : {largeurs}"


def _cliquer(page, nom):
    with page.expect_navigation():
        _main(page).get_by_role("link", name=nom, exact=True).first.click()


def test_la_fiche_d_un_coup_d_oeil_puis_l_historique(serveur_web, navigateur, situation):
    referent, personne = situation["referent"], situation["personne"]
    page = navigateur
    page.set_viewport_size({"width": 1280, "height": 900})
    _connecter(page, serveur_web, referent.email, totp=True)

    page.goto(f"{serveur_web}/conseiller/personnes/?portefeuille=1")
    with page.expect_navigation():
        _main(page).get_by_role("link", name=re.compile("LAMBERT", re.IGNORECASE)).first.click()
    assert page.url.endswith(f"/conseiller/personnes/{personne.pk}/")
    verifier_accessibilite(page)
    _sans_defilement_horizontal(page)
    texte = _main(page).inner_text()
    assert "Alertes et échéances" in texte
    assert "Premier rendez-vous en retard : aucun rendez-vous fixé" in texte
    assert "Décidée : Parcours professionnel" in texte
    assert MISSION_LOCALE in texte and "Accompagnement vers la formation" in texte
    assert "Derniers événements" in texte and "Message envoyé" in texte
    # Each block links to its page.
    for nom in ("Orientation", "Premier rendez-vous", "Diagnostic", "Contrat d’engagement", "Recherche d’emploi"):
        assert _main(page).get_by_role("link", name=nom, exact=True).count() == 1, nom

    # The alert leads to the appointments page, the timeline page from the person page.
    _cliquer(page, "Tout l’historique du dossier")
    assert page.url.endswith(f"/conseiller/personnes/{personne.pk}/historique/")
    verifier_accessibilite(page)
    _sans_defilement_horizontal(page)
    assert _main(page).locator("tbody tr").count() == 20
    _cliquer(page, "Voir plus")
    assert "page=2" in page.url
    assert _main(page).locator("tbody tr").count() > 0
    verifier_accessibilite(page)

    # Filtered by kind: the orientation's events only.
    _main(page).get_by_label("Type d’événement").select_option("orientation")
    with page.expect_navigation():
        _main(page).get_by_role("button", name="Filtrer").click()
    assert "genre=orientation" in page.url
    lignes = _main(page).locator("tbody tr")
    assert lignes.count() >= 1
    assert "Message envoyé" not in _main(page).inner_text()
    verifier_accessibilite(page)


def test_a_390_px_la_fiche_ne_defile_pas_horizontalement(serveur_web, navigateur, situation):
    referent, personne = situation["referent"], situation["personne"]
    page = navigateur
    page.set_viewport_size({"width": 390, "height": 844})
    _connecter(page, serveur_web, referent.email, totp=True)
    for adresse in (f"/conseiller/personnes/{personne.pk}/", f"/conseiller/personnes/{personne.pk}/historique/"):
        page.goto(f"{serveur_web}{adresse}")
        _sans_defilement_horizontal(page)
        verifier_accessibilite(page)
