"""In a real Chromium: an organisation's administrator subscribes its software to the webhooks from the dashboard,
an appointment is booked and the delivery shows « Livrée »; a delivery the receiver refused is given up, counted on
the dashboard and replayed — with the same id — until it is delivered. axe-core checks each page."""

import pytest
from django.db import transaction

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.partenaires.enums import StatutLivraison
from francetravail.partenaires.models import AbonnementWebhook, LivraisonWebhook
from francetravail.personnes.models import Personne
from francetravail.rendezvous.actions import reserver
from francetravail.rendezvous.models import (
    Agenda,
    Creneau,
    HistoriqueRendezVous,
    HistoriqueSuivi,
    RendezVous,
    SuiviRendezVous,
)
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation
from tests.browser.conftest import verifier_accessibilite
from tests.factories import MOT_DE_PASSE, OrganisationFactory, PersonneFactory, code_totp, professionnel
from tests.recepteur_webhooks import Recepteur
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "webhooks.navigateur.exemple.fr"
ORGANISATION = "Agence du test navigateur (webhooks)"


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    orgs = Organisation.objects.filter(nom=ORGANISATION)
    personnes = Personne.objects.filter(organisme_referent__in=orgs)
    LivraisonWebhook.objects.filter(abonnement__organisation__in=orgs).delete()
    AbonnementWebhook.objects.filter(organisation__in=orgs).delete()
    HistoriqueSuivi.objects.filter(suivi__personne__in=personnes).delete()
    SuiviRendezVous.objects.filter(personne__in=personnes).delete()
    HistoriqueRendezVous.objects.filter(rendez_vous__personne__in=personnes).delete()
    RendezVous.objects.filter(personne__in=personnes).delete()
    Creneau.objects.filter(agenda__organisation__in=orgs).delete()
    Agenda.objects.filter(organisation__in=orgs).delete()
    AuditEvent.objects.filter(acting_user__in=users).delete()
    AuditEvent.objects.filter(personne__in=personnes).delete()
    AuditEvent.objects.filter(organisation__in=orgs).delete()
    JournalAcces.objects.filter(personne__in=personnes).delete()
    JournalAcces.objects.filter(user__in=users).delete()
    comptes_des_personnes = list(personnes.exclude(user=None).values_list("user_id", flat=True))
    personnes.delete()
    User.objects.filter(pk__in=comptes_des_personnes).delete()
    Membership.objects.filter(organisation__in=orgs).delete()
    users.delete()
    orgs.delete()


@pytest.fixture
def situation(base_validee, taches_immediates, settings):
    # A refused delivery is given up at once (the backoff is tested in tests/api/webhooks/test_livraison.py).
    settings.WEBHOOKS_MAX_TENTATIVES = 1
    _nettoyer()
    with transaction.atomic():
        agence = OrganisationFactory(nom=ORGANISATION, departement_id="59")
        admin = professionnel(agence, Role.ADMIN_ORGANISATION, email=f"claire@{DOMAINE}")
        conseiller = professionnel(agence, Role.CONSEILLER, email=f"camille@{DOMAINE}")
        agenda = AgendaFactory(organisation=agence, conseiller=conseiller)
        personnes = [PersonneFactory(avec_compte=True, organisme_referent=agence) for _ in range(2)]
        creneaux = [CreneauFactory(agenda=agenda, debut=dans(5 + i)) for i in range(2)]
    try:
        yield {
            "agence": agence,
            "admin": admin,
            "conseiller": conseiller,
            "personnes": personnes,
            "creneaux": creneaux,
        }
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


def _reserver(s, i):
    with transaction.atomic():
        reserver(s["personnes"][i], s["creneaux"][i], acting_user=s["conseiller"])


def test_l_administrateur_s_abonne_voit_la_livraison_et_rejoue_celle_qui_a_echoue(serveur_web, navigateur, situation):
    s, page = situation, navigateur
    with Recepteur() as recepteur:
        _se_connecter(page, serveur_web, s["admin"])
        page.get_by_role("link", name=f"Webhooks de {ORGANISATION}").click()
        page.wait_for_load_state("load")
        assert "Aucun abonnement" in page.locator("main").inner_text()
        verifier_accessibilite(page)

        page.get_by_role("link", name="Nouvel abonnement").click()
        page.wait_for_load_state("load")
        verifier_accessibilite(page)
        page.get_by_label("Adresse de réception").fill(recepteur.url)
        page.get_by_label("Rendez-vous pris").check()
        page.get_by_role("button", name="Créer l’abonnement").click()
        page.wait_for_load_state("load")
        assert "Copiez ce secret maintenant" in page.locator("main").inner_text()
        recepteur.secret = page.locator("#secret-webhook").inner_text().strip()
        assert recepteur.secret == AbonnementWebhook.objects.get(organisation=s["agence"]).secret
        verifier_accessibilite(page)

        # An appointment is booked: delivered after the commit, signed with the secret shown.
        _reserver(s, 0)
        assert [r["code"] for r in recepteur.recues] == [200]
        page.goto(f"{serveur_web}/conseiller/organisations/{s['agence'].pk}/webhooks/livraisons/")
        tableau = page.get_by_role("table")
        assert "Rendez-vous pris" in tableau.text_content() and "Livrée" in tableau.text_content()
        verifier_accessibilite(page)

        # The receiver is down for the next one: given up (WEBHOOKS_MAX_TENTATIVES = 1), counted on the dashboard.
        recepteur.echecs = 1
        _reserver(s, 1)
        echouee = LivraisonWebhook.objects.get(statut=StatutLivraison.ECHEC, abonnement__organisation=s["agence"])
        page.goto(f"{serveur_web}/conseiller/")
        tuile = page.get_by_role("link", name=f"Webhooks de {ORGANISATION}")
        assert "1 livraison en échec à rejouer" in page.locator("#tuiles-webhooks").text_content()
        tuile.click()
        page.wait_for_load_state("load")
        assert "En échec" in page.get_by_role("table").text_content()
        verifier_accessibilite(page)
        page.get_by_role("table").get_by_role("link", name="Rendez-vous pris").click()
        page.wait_for_load_state("load")
        assert "Réponse HTTP 500" in page.locator("main").inner_text()
        verifier_accessibilite(page)

        page.get_by_role("button", name="Rejouer").click()
        page.wait_for_load_state("load")
        assert "La livraison est rejouée" in page.locator("main").inner_text()
        page.reload()
        assert "Livrée" in page.locator("main").text_content()
        verifier_accessibilite(page)

    assert LivraisonWebhook.objects.get(pk=echouee.pk).statut == StatutLivraison.LIVREE
    ids = [r["entetes"]["X-Webhook-Id"] for r in recepteur.recues]
    assert ids[1] == ids[2] == str(echouee.identifiant)  # the refused attempt and the replay: one id
    assert [r["code"] for r in recepteur.recues] == [200, 500, 200]
    assert len(recepteur.traitees) == 2
