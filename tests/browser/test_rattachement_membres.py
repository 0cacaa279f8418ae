"""In a real Chromium: the conseil départemental asks to attach an agency's conseiller to its
équipe pluridisciplinaire; its administrator sees the request pending; the agency's administrator
sees it among the requests to confirm and confirms it. axe-core checks each page."""

import pytest
from django.db import transaction

from francetravail.audit.models import AuditEvent
from francetravail.comptes.models import User
from francetravail.reseau.actions import creer_professionnel
from francetravail.reseau.enums import Role, StatutRattachement
from francetravail.reseau.models import Membership, Organisation
from tests.browser.conftest import verifier_accessibilite
from tests.factories import MOT_DE_PASSE, OrganisationFactory, code_totp, professionnel

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "rattachement.exemple.fr"
AGENCE, CONSEIL = "Agence du test de rattachement", "Conseil départemental du test de rattachement"


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    orgs = Organisation.objects.filter(nom__in=[AGENCE, CONSEIL])
    AuditEvent.objects.filter(acting_user__in=users).delete()
    AuditEvent.objects.filter(organisation__in=orgs).delete()
    users.delete()
    orgs.delete()


@pytest.fixture
def demande(base_validee):
    _nettoyer()
    with transaction.atomic():
        agence = OrganisationFactory(nom=AGENCE, departement_id="59")
        cd = OrganisationFactory(nom=CONSEIL, departement_id="59", conseil_departemental=True)
        admin_agence = professionnel(agence, Role.ADMIN_ORGANISATION, email=f"claire@{DOMAINE}")
        conseiller = professionnel(
            agence, Role.CONSEILLER, email=f"yanis@{DOMAINE}", first_name="Yanis", last_name="Martin"
        )
        admin_cd = professionnel(cd, Role.ADMIN_ORGANISATION, email=f"sophie@{DOMAINE}")
        membership = creer_professionnel(
            cd,
            email=conseiller.email,
            first_name="Yanis",
            last_name="Martin",
            role=Role.EQUIPE_PLURIDISCIPLINAIRE,
            acting_user=admin_cd,
        )
    try:
        yield {"agence": agence, "cd": cd, "admin_agence": admin_agence, "admin_cd": admin_cd, "m": membership}
    finally:
        _nettoyer()


def _se_connecter(page, serveur_web, user):
    page.context.clear_cookies()
    page.goto(f"{serveur_web}/comptes/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", MOT_DE_PASSE)
    page.locator("main").get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_load_state("load")
    page.fill("input[name=code]", code_totp())
    page.locator("main").get_by_role("button", name="Valider", exact=True).click()
    page.wait_for_load_state("load")
    assert page.url.rstrip("/").endswith("/conseiller")


def test_la_demande_se_voit_des_deux_cotes_et_l_agence_la_confirme(serveur_web, navigateur, demande):
    page = navigateur
    assert demande["m"].statut == StatutRattachement.EN_ATTENTE

    _se_connecter(page, serveur_web, demande["admin_cd"])
    page.goto(f"{serveur_web}/conseiller/organisations/{demande['cd'].pk}/membres/")
    assert f"En attente de confirmation par {AGENCE}" in page.locator("main").inner_text()
    verifier_accessibilite(page)

    _se_connecter(page, serveur_web, demande["admin_agence"])
    page.goto(f"{serveur_web}/conseiller/organisations/{demande['agence'].pk}/membres/")
    section = page.locator("section", has=page.get_by_role("heading", name="Demandes de rattachement à confirmer"))
    assert "Yanis Martin" in section.inner_text() and CONSEIL in section.inner_text()
    verifier_accessibilite(page)
    section.get_by_role("button", name=f"Confirmer le rattachement de Yanis Martin à {CONSEIL}").click()
    page.wait_for_load_state("load")
    assert "est confirmé" in page.locator("main").inner_text()
    verifier_accessibilite(page)
    assert Membership.objects.get(pk=demande["m"].pk).statut == StatutRattachement.CONFIRME
