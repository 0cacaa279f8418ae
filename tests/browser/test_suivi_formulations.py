"""In a real Chromium: a département's administrator rewords the invitation SMS with its live preview (the
legal mention after it, the SMS length) and saves it; a conseiller reads a person's follow-up block on the
person page. axe-core checks each page."""

import secrets
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from francetravail.audit.models import AuditEvent
from francetravail.comptes.models import User
from francetravail.invitations.enums import CanalInvitation
from francetravail.invitations.models import Formulation, Invitation
from francetravail.personnes.models import Personne
from francetravail.rendezvous import suivi
from francetravail.rendezvous.enums import Motif, StatutSuivi
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Organisation
from tests.browser.conftest import verifier_accessibilite
from tests.factories import MOT_DE_PASSE, OrganisationFactory, PersonneFactory, code_totp, professionnel

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "suivi-formulations.exemple.fr"
CONSEIL = "Conseil départemental du test des formulations"
AGENCE = "Agence du test du suivi"
NOM = "Testsuivi"


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    Formulation.objects.filter(created_by__in=users).delete()
    Personne.objects.filter(nom_naissance=NOM).delete()
    AuditEvent.objects.filter(acting_user__in=users).delete()
    users.delete()
    Organisation.objects.filter(nom__in=[CONSEIL, AGENCE]).delete()


@pytest.fixture
def scenario(base_validee):
    _nettoyer()
    with transaction.atomic():
        cd = OrganisationFactory(nom=CONSEIL, departement_id="59", conseil_departemental=True)
        admin = professionnel(cd, Role.ADMIN_ORGANISATION, email=f"ines@{DOMAINE}")
        agence = OrganisationFactory(nom=AGENCE, departement_id="59")
        conseiller = professionnel(agence, Role.CONSEILLER, email=f"paul@{DOMAINE}", first_name="Paul")
        personne = PersonneFactory(nom_naissance=NOM, prenoms="Zoé", organisme_referent=agence)
        invitation = Invitation.objects.create(
            personne=personne,
            organisation=agence,
            motif=Motif.ENTRETIEN_ORIENTATION,
            canaux=[CanalInvitation.SMS],
            nonce=secrets.token_hex(16),
            code="K7P2X9QM",
            expire_le=timezone.now() + timedelta(days=10),
        )
        suivi.noter(
            personne.pk,
            Motif.ENTRETIEN_ORIENTATION,
            StatutSuivi.INVITE,
            organisation_id=agence.pk,
            invitation_id=invitation.pk,
            acting_user=conseiller,
        )
    try:
        yield {"admin": admin, "conseiller": conseiller, "personne": personne}
    finally:
        _nettoyer()


def _se_connecter(page, serveur_web, user):
    page.goto(f"{serveur_web}/comptes/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", MOT_DE_PASSE)
    page.locator("main").get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_load_state("load")
    page.fill("input[name=code]", code_totp())
    page.locator("main").get_by_role("button", name="Valider", exact=True).click()
    page.wait_for_load_state("load")


def test_l_administrateur_du_departement_reformule_le_sms_avec_l_apercu(serveur_web, navigateur, scenario):
    page = navigateur
    page.set_viewport_size({"width": 1280, "height": 900})
    _se_connecter(page, serveur_web, scenario["admin"])
    page.get_by_role("link", name="Textes des invitations du département").click()
    page.wait_for_load_state("load")
    assert page.locator("main td .fr-badge").filter(has_text="Texte national").count() == 6
    verifier_accessibilite(page)
    page.get_by_role("link", name="Lire et modifier : Invitation — SMS").click()
    page.wait_for_load_state("load")
    verifier_accessibilite(page)
    zone = page.locator("textarea[name=texte]")
    # Live: the preview follows the typing, without saving.
    zone.fill("Le Nord vous invite ({{ motif }}) : {{ lien }}")
    apercu = page.locator("#apercu-formulation")
    apercu.get_by_text("Le Nord vous invite (entretien d'orientation) : https://rdv.exemple.gouv.fr").wait_for()
    assert "Absence non excusée à un RDV pris" in apercu.inner_text()
    assert "SMS complet :" in apercu.inner_text()
    assert not Formulation.objects.filter(created_by=scenario["admin"]).exists()
    # A text without the link: the preview says why it cannot be saved.
    zone.fill("Le Nord vous invite.")
    apercu.get_by_text("ajoutez {{ lien }}").wait_for()
    verifier_accessibilite(page)
    zone.fill("Le Nord vous invite ({{ motif }}) : {{ lien }}")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_load_state("load")
    assert "s'applique aux invitations envoyées dès maintenant" in page.locator("main").inner_text()
    assert "Texte personnalisé par le département depuis le" in page.locator("main").inner_text()
    formulation = Formulation.objects.get(created_by=scenario["admin"])
    assert (formulation.departement_id, formulation.cle) == ("59", "invitation_sms")
    verifier_accessibilite(page)


def test_le_conseiller_lit_le_suivi_des_rendez_vous_sur_la_fiche(serveur_web, navigateur, scenario):
    page = navigateur
    page.set_viewport_size({"width": 1280, "height": 900})
    _se_connecter(page, serveur_web, scenario["conseiller"])
    page.goto(f"{serveur_web}/conseiller/personnes/{scenario['personne'].pk}/")
    bloc = page.locator("#bloc-suivi_rdv")
    texte = bloc.inner_text()
    assert "Suivi des rendez-vous" in texte
    assert "Invité (entretien d'orientation)" in texte
    assert "Invitation en cours" in texte and "par SMS" in texte
    verifier_accessibilite(page)
