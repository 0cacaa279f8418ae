"""In a real Chromium: a département's pilote (who runs its flows) finds « Droits absents du dernier stock — à examiner » on the
dashboard with its count, opens it by clicking, is refused a decision without a reason (nothing changed),
closes one household's right and keeps another's, then changes the département's setting. axe-core checks
every page."""

import contextlib
import datetime
import re

import pytest
from django.db import transaction
from django.db.models import ProtectedError, Q

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from inscription.models import DroitRSA, FoyerRSA, ReglagesFluxDepartement
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.factories import OrganisationFactory, PersonneFactory, professionnel

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "droits-absents.navigateur.exemple.fr"
CD = "Conseil départemental (test navigateur, droits absents)"
AGENCE = "Agence (test navigateur, droits absents)"
DEPARTEMENT = "48"  # a département no other browser test uses
NUMEROS = ("4800001000000", "4800002000000")


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    foyers = FoyerRSA.objects.filter(numero_allocataire__in=NUMEROS)
    personnes = Personne.objects.filter(Q(email__endswith=f"@{DOMAINE}") | Q(droits_rsa__foyer__in=foyers))
    orgs = Organisation.objects.filter(nom__in=[CD, AGENCE])
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    Notification.objects.filter(destinataire__in=users).delete()
    DroitRSA.objects.filter(foyer__in=foyers).delete()
    foyers.delete()
    ReglagesFluxDepartement.objects.filter(departement_id=DEPARTEMENT).delete()
    Membership.objects.filter(user__in=users).delete()
    with contextlib.suppress(ProtectedError):
        personnes.delete()
    users.delete()
    orgs.delete()


@pytest.fixture
def situation(base_validee):
    _nettoyer()
    with transaction.atomic():
        cd = OrganisationFactory(nom=CD, conseil_departemental=True, departement_id=DEPARTEMENT)
        decideur = professionnel(cd, Role.PILOTE, email=f"ines@{DOMAINE}", first_name="Inès")
        agence = OrganisationFactory(nom=AGENCE, departement_id=DEPARTEMENT)
        referent = professionnel(agence, Role.CONSEILLER, email=f"leo@{DOMAINE}", first_name="Léo")
        foyers = []
        for numero, nom in zip(NUMEROS, ("Absentun", "Absentdeux"), strict=True):
            personne = PersonneFactory(
                nom_naissance=nom,
                prenoms="Alex",
                email=f"{nom.lower()}@{DOMAINE}",
                commune=None,
                organisme_referent=agence,
                referent_unique=referent,
            )
            foyer = FoyerRSA.objects.create(
                organisme_payeur="CAF",
                numero_allocataire=numero,
                departement_id=DEPARTEMENT,
                etat="2",
                absent_du_stock_le=datetime.date(2025, 4, 1),
            )
            DroitRSA.objects.create(
                personne=personne,
                organisme_payeur="CAF",
                numero_allocataire=numero,
                role="demandeur",
                date_ouverture=datetime.date(2024, 1, 1),
                foyer=foyer,
            )
            foyers.append(foyer)
    try:
        yield {"decideur": decideur, "referent": referent, "foyers": foyers}
    finally:
        _nettoyer()


def _main(page):
    return page.locator("main")


def _soumettre(page, section, nom):
    with page.expect_navigation():
        section.get_by_role("button", name=nom).click()


def test_le_decideur_examine_les_droits_absents_du_stock(serveur_web, navigateur, situation):
    page = navigateur
    premier, second = situation["foyers"]
    _connecter(page, serveur_web, situation["decideur"].email, totp=True)
    page.goto(f"{serveur_web}/conseiller/")
    verifier_accessibilite(page)

    # The dashboard's « À faire » counts the département's households to examine; a click opens the queue.
    libelle = "Droits absents du dernier stock — à examiner — Lozère (48)"
    item = page.locator("section[aria-labelledby=a-faire-titre] li", has=page.get_by_role("link", name=libelle))
    assert item.locator(".fr-badge").inner_text().strip() == "2"
    with page.expect_navigation():
        item.get_by_role("link", name=libelle).click()
    verifier_accessibilite(page)
    texte = _main(page).inner_text()
    assert "2 foyers à examiner" in texte and "ABSENTUN" in texte and "ABSENTDEUX" in texte

    # Without a reason: refused at the field, nothing changed.
    section = _main(page).locator("section", has=page.get_by_text(f"n° {premier.numero_allocataire}"))
    section.get_by_label("Clore le droit").check()
    _soumettre(page, section, "Enregistrer la décision pour ce foyer")
    assert "Ce champ est obligatoire" in _main(page).inner_text()
    verifier_accessibilite(page)
    assert FoyerRSA.objects.get(pk=premier.pk).absent_du_stock_le == datetime.date(2025, 4, 1)

    # Close the first household's right, with a reason: its référent is told.
    section = _main(page).locator("section", has=page.get_by_text(f"n° {premier.numero_allocataire}"))
    section.get_by_label("Clore le droit").check()
    section.get_by_label(re.compile(r"^\s*Motif")).fill("Fin du droit confirmée par la CAF.")
    _soumettre(page, section, "Enregistrer la décision pour ce foyer")
    assert "Droit clos : les référents sont prévenus." in page.locator("body").inner_text()
    verifier_accessibilite(page)
    assert FoyerRSA.objects.filter(pk=premier.pk).values_list("etat", "absent_du_stock_le").get() == ("5", None)
    assert Notification.objects.filter(
        destinataire=situation["referent"], type_notification="inscription.droit_rsa_clos_flux"
    ).exists()

    # Keep the second one.
    section = _main(page).locator("section", has=page.get_by_text(f"n° {second.numero_allocataire}"))
    section.get_by_label("Garder le droit ouvert").check()
    section.get_by_label(re.compile(r"^\s*Motif")).fill("Présent dans le flux quotidien.")
    _soumettre(page, section, "Enregistrer la décision pour ce foyer")
    assert "Aucun droit à examiner." in _main(page).inner_text()
    assert FoyerRSA.objects.filter(pk=second.pk).values_list("etat", "absent_du_stock_le").get() == ("2", None)

    # The département's setting, one click away.
    with page.expect_navigation():
        _main(page).get_by_role("link", name="Modifier les réglages des flux du département").click()
    verifier_accessibilite(page)
    _main(page).get_by_label("Clore leur droit").check()
    with page.expect_navigation():
        _main(page).get_by_role("button", name="Enregistrer").click()
    assert "Réglages enregistrés." in page.locator("body").inner_text()
    verifier_accessibilite(page)
    assert ReglagesFluxDepartement.objects.get(departement_id=DEPARTEMENT).absents_du_stock == "clore"
    assert not page.erreurs_js
