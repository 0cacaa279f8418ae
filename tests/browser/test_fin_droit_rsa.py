"""In a real Chromium: the département's decider finds on the dashboard a bRSA whose total suppression
of 4 months ended today, opens the case from the queue, is refused an empty reason, then ends the RSA
right (CASF R262-68; R262-40 3°); the person reads the decision and its letter in their space and forms
their RAPO. axe-core checks every page on the way."""

import contextlib
import datetime
import re

import pytest
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone

from contrats.regles import ajouter_mois
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from inscription.models import DroitRSA
from sanctions.models import FinDroitRSA, Manquement, ProcedureSanction, Recours
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_diagnostic_contrat import _autre_navigateur
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.factories import OrganisationFactory, UserFactory, commune, professionnel
from tests.sanctions.situations_rsa import suppression_totale

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "fin-droit.navigateur.exemple.fr"
CONSEIL = "Conseil départemental du test navigateur (fin de droit)"
MOTIVATION = "Aucune démarche depuis la suppression, trois convocations restées sans réponse."


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    personnes = Personne.objects.filter(user__in=users)
    orgs = Organisation.objects.filter(nom=CONSEIL)
    procedures = ProcedureSanction.objects.filter(personne__in=personnes)
    for _ in range(4):
        for relation in ProcedureSanction._meta.related_objects:
            with contextlib.suppress(ProtectedError):
                relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": procedures}).delete()
    procedures.delete()
    Manquement.objects.filter(personne__in=personnes).delete()
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    Notification.objects.filter(Q(destinataire__in=users) | Q(adresse__endswith=f"@{DOMAINE}")).delete()
    Membership.objects.filter(user__in=users).delete()
    personnes.delete()
    users.delete()
    orgs.delete()


@pytest.fixture
def situation(base_validee, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    _nettoyer()
    with transaction.atomic():
        # The first active conseil départemental of the person's département decides for its bRSA (the
        # Pas-de-Calais here: no other test commits one there).
        conseil = OrganisationFactory(nom=CONSEIL, conseil_departemental=True, departement_id="62")
        referent = professionnel(conseil, Role.TRAVAILLEUR_SOCIAL, email=f"karim@{DOMAINE}")
        decideur = professionnel(
            conseil, Role.DECIDEUR_DEPARTEMENTAL, email=f"sophie@{DOMAINE}", first_name="Sophie", last_name="Martin"
        )
        equipe_pluri = professionnel(conseil, Role.EQUIPE_PLURIDISCIPLINAIRE, email=f"hugo@{DOMAINE}")
        user = UserFactory(email=f"thomas@{DOMAINE}", first_name="Thomas", last_name="Faure")
        personne = Personne.objects.create(
            user=user,
            nom_naissance="Faure",
            prenoms="Thomas",
            date_naissance=datetime.date(1969, 1, 5),
            email=user.email,
            commune=commune("62041"),
            adresse="3 rue Nationale",
            organisme_referent=conseil,
            referent_unique=referent,
        )
        procedure = suppression_totale(
            personne,
            signale_par=referent,
            equipe=referent,
            decideur=decideur,
            equipe_pluri=equipe_pluri,
            debut=ajouter_mois(timezone.localdate(), -4),
        )
    try:
        yield {"decideur": decideur, "personne": personne, "procedure": procedure}
    finally:
        _nettoyer()


def _main(page):
    return page.locator("main")


def _envoyer(page, bouton):
    with page.expect_navigation():
        _main(page).get_by_role("button", name=bouton, exact=True).click()


def test_le_decideur_met_fin_au_droit_et_la_personne_forme_son_rapo(serveur_web, navigateur, situation):
    decideur, personne, procedure = situation["decideur"], situation["personne"], situation["procedure"]
    assert procedure.organisation_decisionnaire.nom == CONSEIL, "un autre conseil départemental décide ici"

    # 1. The dashboard counts the case; the tile leads to the queue, the queue to the decision page.
    page = navigateur
    _connecter(page, serveur_web, decideur.email, totp=True)
    page.goto(f"{serveur_web}/conseiller/")
    verifier_accessibilite(page)
    tuile = _main(page).locator(".fr-tile").filter(has_text="Fins de droit au RSA à décider")
    assert "1 à décider" in tuile.inner_text().lower()
    with page.expect_navigation():
        tuile.get_by_role("link").click()
    verifier_accessibilite(page)
    assert "1 cas à décider" in _main(page).inner_text()
    with page.expect_navigation():
        _main(page).get_by_role("link", name=re.compile("FAURE", re.IGNORECASE)).click()
    assert page.url.endswith(f"/conseiller/sanctions/{procedure.pk}/fin-de-droit/")
    verifier_accessibilite(page)

    # 2. An empty reason is refused at the field, nothing written; then the decision.
    formulaire = _main(page).locator("#decider")
    formulaire.get_by_label(re.compile(r"^\s*Motivation de la décision")).fill("   ")
    _envoyer(page, "Mettre fin au droit et notifier la décision")
    assert page.title().startswith("Erreur")
    verifier_accessibilite(page)
    assert not FinDroitRSA.objects.filter(procedure=procedure).exists()
    _main(page).locator("#decider").get_by_label(re.compile(r"^\s*Motivation de la décision")).fill(MOTIVATION)
    _envoyer(page, "Mettre fin au droit et notifier la décision")
    fin = FinDroitRSA.objects.get(procedure=procedure)
    assert fin.decidee_par == decideur and fin.effet_le == timezone.localdate()
    assert DroitRSA.objects.get(personne=personne).fin_droit == timezone.localdate()
    assert "Fin du droit au RSA décidée" in _main(page).inner_text()
    verifier_accessibilite(page)

    # 3. The person reads the decision and its letter in their space, and forms their RAPO.
    page = _autre_navigateur(navigateur)
    _connecter(page, serveur_web, personne.user.email)
    page.goto(f"{serveur_web}/mon-espace/sanctions/{procedure.pk}/")
    verifier_accessibilite(page)
    texte = _main(page).inner_text()
    assert "La fin de votre droit au RSA" in texte and MOTIVATION in texte
    assert "Décision de fin de droit au RSA" in texte  # the letter, in « Vos courriers »
    _main(page).locator("#fin-droit").get_by_label(re.compile(r"^\s*Motifs du recours")).fill(
        "J'ai signé mon contrat le 2."
    )
    _envoyer(page, "Envoyer mon recours contre la fin de mon droit")
    assert "Votre recours contre la fin de votre droit au RSA a été enregistré." in _main(page).inner_text()
    verifier_accessibilite(page)
    recours = Recours.objects.get(fin_droit=fin)
    assert recours.forme_par == personne.user and recours.voie == "rapo"
