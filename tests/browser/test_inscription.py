"""In a real Chromium: a person registers online, step by step, and confirms; axe-core on every step."""

import datetime
import random

import pytest

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.personnes.models import Personne
from inscription.models import DossierInscription
from tests.browser.conftest import verifier_accessibilite
from tests.factories import MOT_DE_PASSE, UserFactory
from tests.inscription.flux import nir

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]

EMAIL = "lea.inscription@navigateur.exemple.fr"


def _nettoyer():
    users = User.objects.filter(email=EMAIL)
    personnes = Personne.objects.filter(user__in=users)
    AuditEvent.objects.filter(acting_user__in=users).delete()
    JournalAcces.objects.filter(personne__in=personnes).delete()
    personnes.delete()
    users.delete()


@pytest.fixture
def personne_inscrite(base_validee):
    _nettoyer()
    try:
        yield UserFactory(email=EMAIL, first_name="Léa", last_name="Martin")
    finally:
        _nettoyer()


def _continuer(page):
    page.get_by_role("button", name="Enregistrer et continuer").click()
    page.wait_for_load_state("load")


def test_une_personne_s_inscrit_en_ligne(serveur_web, navigateur, personne_inscrite):
    page = navigateur
    page.goto(f"{serveur_web}/comptes/login/")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", MOT_DE_PASSE)
    page.locator("main").get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_load_state("load")
    page.get_by_role("link", name="Commencer mon inscription").click()
    page.wait_for_load_state("load")

    naissance = datetime.date(1990, 4, 12)
    verifier_accessibilite(page)
    page.fill("input[name=nom_naissance]", "Martin")
    page.fill("input[name=prenoms]", "Léa")
    page.fill("input[name=date_naissance]", naissance.isoformat())
    page.fill("input[name=nir]", "1 23 45")  # a wrong NIR first: the error is shown, nothing is lost
    page.check("input[name=nationalite][value=francaise]")
    _continuer(page)
    assert "/inscription/identite/" in page.url
    assert "n'est pas valide" in page.locator("main").inner_text()
    assert page.input_value("input[name=nom_naissance]") == "Martin"
    verifier_accessibilite(page)
    page.fill("input[name=nir]", nir(random.Random(3), naissance, 4242))
    _continuer(page)

    assert "/inscription/coordonnees/" in page.url
    verifier_accessibilite(page)
    page.fill("input[name=adresse]", "12 rue des Arts")
    page.fill("input[name=code_postal]", "59000")
    page.fill("input[name=commune]", "Lille")
    _continuer(page)

    verifier_accessibilite(page)
    page.check("input[name=situation_familiale][value=seul]")
    page.check("input[name=logement][value=locataire]")
    page.check("input[name=situation_professionnelle][value=sans_emploi]")
    page.check("input[name=activite_deux_ans][value=oui]")
    page.check("input[name=prestations][value=rsa]")
    page.check("input[name=niveau_francais][value=maternelle]")
    _continuer(page)
    assert "/inscription/projet/" in page.url, page.locator("main").inner_text()

    verifier_accessibilite(page)
    page.check("input[name=niveau_qualification][value=niveau_4]")
    page.check("input[name=disponibilite][value=immediate]")
    page.check("input[name=se_projette][value=oui]")
    _continuer(page)

    verifier_accessibilite(page)  # barriers: every question has an answer by default
    page.check("input[name=mobilite][value=moyen]")
    _continuer(page)

    verifier_accessibilite(page)
    page.check("input[name=maturite_projet][value=a_preciser]")
    page.check("input[name=accompagnement_souhaite][value=suivi]")
    page.check("input[name=preference_structure][value=sans_preference]")
    _continuer(page)

    assert "/inscription/recapitulatif/" in page.url
    verifier_accessibilite(page)
    assert "Mobilité : Ça me gêne" in page.locator("main").inner_text()
    page.get_by_role("button", name="Confirmer mon inscription").click()
    page.wait_for_load_state("load")
    assert page.url.rstrip("/").endswith("/mon-espace")
    dossier = DossierInscription.objects.get(personne__user__email=EMAIL)
    assert (dossier.statut, dossier.categorie) == ("inscrit", "G")
