"""In a real Chromium: the agency finds « Courriers à imprimer » on its dashboard, downloads the day's batch
(one PDF, one letter per page, rendered by the worker) and marks it printed; axe-core checks each page."""

import io

import pytest
from django.db import transaction
from django.db.models import Q
from pypdf import PdfReader

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.invitations import courriers
from francetravail.invitations.models import Invitation, LotCourriers
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_orientation_rendez_vous import _connecter
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.invitations.test_courriers import envoi_courrier
from tests.notifications.test_e2e import attendre

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "courriers-invitations.exemple.fr"
AGENCE = "Agence du test des courriers d'invitation"
N = 3


def _nettoyer():
    organisations = Organisation.objects.filter(nom=AGENCE)
    for lot in LotCourriers.objects.filter(organisation__in=organisations):
        if lot.fichier:
            lot.fichier.delete(save=False)
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    AuditEvent.objects.filter(acting_user__in=users).delete()
    JournalAcces.objects.filter(Q(user__in=users)).delete()
    LotCourriers.objects.filter(organisation__in=organisations).delete()
    Invitation.objects.filter(organisation__in=organisations).delete()
    Personne.objects.filter(organisme_referent__in=organisations).delete()
    Membership.objects.filter(user__in=users).delete()
    users.delete()
    organisations.delete()


@pytest.fixture
def agence(base_validee, celery_worker_reel):
    _nettoyer()
    with transaction.atomic():
        organisation = OrganisationFactory(nom=AGENCE, departement_id="59")
        conseiller = professionnel(organisation, Role.CONSEILLER, email=f"camille@{DOMAINE}", first_name="Camille")
        envois = [envoi_courrier(personne=PersonneFactory(organisme_referent=organisation)) for _ in range(N)]
        transaction.on_commit(lambda: courriers.inscrire_au_lot([e.pk for e in envois]))
    attendre(lambda: LotCourriers.objects.filter(organisation=organisation, nb_courriers=N).exists(), timeout=60)
    try:
        yield {"organisation": organisation, "conseiller": conseiller, "envois": envois}
    finally:
        _nettoyer()


def test_l_agence_telecharge_le_lot_du_jour_et_le_marque_imprime(serveur_web, navigateur, agence):
    page = navigateur
    _connecter(page, serveur_web, agence["conseiller"].email, totp=True)
    page.goto(f"{serveur_web}/conseiller/")
    verifier_accessibilite(page)
    tuile = page.locator("main").get_by_role("link", name="Courriers à imprimer")
    assert "1 lot à imprimer" in page.locator("main").inner_text().lower()  # the badge is in capitals (CSS)
    tuile.click()
    page.wait_for_load_state("load")
    verifier_accessibilite(page)
    assert AGENCE in page.locator("main").inner_text()

    with page.expect_download() as attente:
        page.locator("main").get_by_role("link", name="Télécharger le PDF").first.click()
    telechargement = attente.value
    pdf = PdfReader(io.BytesIO(open(telechargement.path(), "rb").read()))  # noqa: SIM115, PTH123
    assert len(pdf.pages) == N
    textes = [p.extract_text() for p in pdf.pages]
    for envoi in agence["envois"]:
        assert sum(envoi.invitation.code in t for t in textes) == 1
    assert JournalAcces.objects.filter(user=agence["conseiller"]).count() == N

    page.locator("main").get_by_role("button", name="Marquer imprimé").first.click()
    page.wait_for_load_state("load")
    verifier_accessibilite(page)
    assert "sont marqués imprimés" in page.locator("main").inner_text()
    assert LotCourriers.objects.get(organisation=agence["organisation"]).imprime_par == agence["conseiller"]
