"""In a real Chromium at 390 px wide (a phone): a person registers online and sees « Où j'en suis »
change at each step of the journey; every page of their space fits the width (no horizontal scroll
of the page) and axe-core finds nothing serious on it."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from contrats import actions as contrats
from contrats.models import (
    ActionPlan,
    ContratEngagement,
    DeclarationActivite,
    HistoriqueContrat,
    LigneDeclaration,
    SocleDroitsDevoirs,
    VersionContrat,
)
from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Organisation
from orientation.models import DecisionOrientation, HistoriqueDecision
from tests.browser.conftest import verifier_accessibilite
from tests.browser.test_orientation_rendez_vous import _cliquer, _connecter
from tests.contrats.factories import orientation_notifiee, socle
from tests.factories import OrganisationFactory, UserFactory, professionnel
from tests.inscription.flux import nir

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "espace-mobile.navigateur.exemple.fr"
ORGANISATION = "Agence du test navigateur (espace mobile)"
LARGEUR = 390


def _nettoyer():
    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    personnes = Personne.objects.filter(user__in=users)
    orgs = Organisation.objects.filter(nom=ORGANISATION)
    contrats_ = ContratEngagement.objects.filter(personne__in=personnes)
    LigneDeclaration.objects.filter(declaration__contrat__in=contrats_).delete()
    DeclarationActivite.objects.filter(contrat__in=contrats_).delete()
    HistoriqueContrat.objects.filter(contrat__in=contrats_).delete()
    contrats_.update(version_acceptee=None, version_en_vigueur=None)
    ActionPlan.objects.filter(contrat__in=contrats_).delete()
    VersionContrat.objects.filter(contrat__in=contrats_).delete()
    contrats_.delete()
    HistoriqueDecision.objects.filter(decision__personne__in=personnes).delete()
    DecisionOrientation.objects.filter(personne__in=personnes).delete()
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    Notification.objects.filter(destinataire__in=users).delete()
    personnes.delete()
    users.delete()
    orgs.delete()


@pytest.fixture
def situation(base_validee):
    _nettoyer()
    socle_cree = None
    with transaction.atomic():
        agence = OrganisationFactory(nom=ORGANISATION, departement_id="59")
        referent = professionnel(agence, Role.CONSEILLER, email=f"camille@{DOMAINE}")
        user = UserFactory(email=f"lea@{DOMAINE}", first_name="Léa", last_name="Martin")
        if SocleDroitsDevoirs.objects.en_vigueur("professionnel") is None:
            socle_cree = socle(version=1001)
    try:
        yield {"agence": agence, "referent": referent, "user": user}
    finally:
        _nettoyer()
        if socle_cree is not None:
            socle_cree.delete()


def _verifier_la_page(page):
    """No horizontal scroll of the page at 390 px, and axe-core clean."""
    largeurs = page.evaluate(
        "() => ({page: document.documentElement.scrollWidth, fenetre: document.documentElement.clientWidth})"
    )
    if largeurs["page"] > largeurs["fenetre"]:
        # The widest elements that stick out, to say what to fix.
        debordent = page.evaluate(
            """(largeur) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > largeur + 1 && e.children.length === 0)
                .slice(0, 8).map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px in ${e.parentElement.outerHTML.slice(0, 200)}`)""",
            largeurs["fenetre"],
        )
        pytest.fail(f"{page.url} défile horizontalement : {largeurs}, {debordent}")
    verifier_accessibilite(page)


def _ou_j_en_suis(page, serveur_web):
    page.goto(f"{serveur_web}/mon-espace/")
    _verifier_la_page(page)
    return page.locator("section.ft-ou-j-en-suis").inner_text()


def _continuer(page):
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state("load")


def _s_inscrire(page):
    naissance = datetime.date(1990, 4, 12)
    _verifier_la_page(page)
    # The account's names are already there.
    assert page.input_value("input[name=prenoms]") == "Léa"
    assert page.input_value("input[name=nom_naissance]") == "Martin"
    page.fill("input[name=date_naissance]", naissance.isoformat())
    page.fill("input[name=nir]", nir(random.Random(7), naissance, 3901))
    page.check("input[name=nationalite][value=francaise]")
    _continuer(page)
    assert "/inscription/coordonnees/" in page.url, page.locator("main").inner_text()
    _verifier_la_page(page)
    assert page.input_value("input[name=email]") == f"lea@{DOMAINE}"
    page.fill("input[name=adresse]", "12 rue des Arts")
    page.fill("input[name=code_postal]", "59000")
    page.fill("input[name=commune]", "Lille")
    _continuer(page)
    _verifier_la_page(page)
    page.check("input[name=situation_familiale][value=seul]")
    page.check("input[name=logement][value=locataire]")
    page.check("input[name=situation_professionnelle][value=sans_emploi]")
    page.check("input[name=activite_deux_ans][value=oui]")
    page.check("input[name=prestations][value=aucune]")
    page.check("input[name=niveau_francais][value=maternelle]")
    _continuer(page)
    _verifier_la_page(page)
    page.check("input[name=niveau_qualification][value=niveau_4]")
    page.check("input[name=disponibilite][value=immediate]")
    page.check("input[name=se_projette][value=oui]")
    _continuer(page)
    _verifier_la_page(page)
    _continuer(page)
    _verifier_la_page(page)
    page.check("input[name=maturite_projet][value=defini]")
    page.check("input[name=accompagnement_souhaite][value=suivi]")
    page.check("input[name=preference_structure][value=agence_ft]")
    _continuer(page)
    assert "/inscription/recapitulatif/" in page.url
    _verifier_la_page(page)
    page.get_by_role("button", name="Confirmer mon inscription").click()
    page.wait_for_load_state("load")


def test_ou_j_en_suis_change_a_chaque_etape_a_390_px(serveur_web, navigateur, situation):
    page, agence, referent, user = navigateur, situation["agence"], situation["referent"], situation["user"]
    page.set_viewport_size({"width": LARGEUR, "height": 844})
    _connecter(page, serveur_web, user.email)

    texte = _ou_j_en_suis(page, serveur_web)
    assert "Étape actuelle : Inscription" in texte
    _cliquer(page, "link", "Commencer mon inscription")
    _s_inscrire(page)

    texte = _ou_j_en_suis(page, serveur_web)
    assert "Étape actuelle : Orientation" in texte and "n’est pas terminée" not in texte
    personne = Personne.objects.get(user=user)
    assert personne.email == user.email  # the decision will be e-mailed

    with transaction.atomic():
        Personne.objects.filter(pk=personne.pk).update(organisme_referent=agence, referent_unique=referent)
        orientation_notifiee(personne, organisme=agence)
    texte = _ou_j_en_suis(page, serveur_web)
    assert "Étape actuelle : Premier rendez-vous" in texte and ORGANISATION in texte

    with transaction.atomic():
        contrat = contrats.rediger(personne, acting_user=referent)
        contrats.ajouter_action(
            contrat,
            acting_user=referent,
            type_action="formation",
            porteur="personne",
            description="Formation de cariste",
            debut=timezone.localdate(),
            heures_hebdo=Decimal(15),
        )
        contrats.soumettre(contrat, acting_user=referent)
    texte = _ou_j_en_suis(page, serveur_web)
    assert "Étape actuelle : Contrat d’engagement" in texte
    _cliquer(page, "link", "Lire et accepter mon contrat d’engagement")
    assert page.url.endswith("/contrat/"), page.url
    _verifier_la_page(page)

    with transaction.atomic():
        contrat.refresh_from_db()
        contrat = contrats.accepter(contrat, acting_user=user)
        contrats.contresigner(contrat, acting_user=referent)
    texte = _ou_j_en_suis(page, serveur_web)
    assert "Étape actuelle : Accompagnement" in texte and "n’est pas terminée" not in texte
    _cliquer(page, "link", "Déclarer mon activité de la semaine du")
    _verifier_la_page(page)

    # Every page the space links to, and the pages those link to, at the same width.
    def liens_de(adresse):
        page.goto(f"{serveur_web}{adresse}")
        _verifier_la_page(page)
        hrefs = page.locator("main a[href^='/']").evaluate_all("liens => liens.map(a => a.getAttribute('href'))")
        return [h.split("#")[0] for h in hrefs if not h.endswith((".pdf", "/pdf/")) and "/inscription/" not in h]

    vus, a_voir = {"/mon-espace/"}, liens_de("/mon-espace/")
    premier_niveau = len(set(a_voir))
    while a_voir:
        adresse = a_voir.pop()
        if adresse in vus or not adresse.startswith("/mon-espace/"):
            continue
        vus.add(adresse)
        if len(vus) <= 40:
            a_voir += [lien for lien in liens_de(adresse) if lien not in vus]
    assert premier_niveau >= 10 and len(vus) > premier_niveau, vus
    assert {"/mon-espace/contrat/", "/mon-espace/contrat/activite/", "/mon-espace/sanctions/"} <= vus
    assert any(adresse.startswith("/mon-espace/contrat/versions/") for adresse in vus), vus
    assert not page.erreurs_js
