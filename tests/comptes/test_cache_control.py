"""No copy of personal data in a browser or proxy cache: ``Cache-Control: no-store`` on
every page, PDF and API answer about someone; public pages and static files stay cacheable."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from francetravail.reseau.enums import Role
from orientation import accuse, actions
from tests.factories import OrganisationFactory, PersonneFactory, commune, professionnel
from tests.inscription.factories import dossier_complet


def sans_copie(response):
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


@pytest.fixture
def orientee():
    """A person with an account and a notified orientation decision (its letter is a PDF)."""
    agence = OrganisationFactory(departement_id="59")
    conseiller = professionnel(agence, Role.CONSEILLER)
    personne = PersonneFactory(
        avec_compte=True, organisme_referent=None, commune=commune("59350"), date_naissance=datetime.date(1985, 1, 1)
    )
    dossier_complet(personne, freins=["sans_impact"])
    decision = actions.confirmer(actions.proposer(personne), acting_user=conseiller, organisme=agence)
    personne.conseiller, personne.decision = conseiller, decision
    return personne


def test_les_pages_de_la_personne_et_son_courrier_pdf(client, orientee):
    client.force_login(orientee.user)
    for url in [reverse("personnes:espace"), reverse("contrats:contrat"), reverse("rendezvous:liste")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert sans_copie(response), (url, response.get("Cache-Control"))
    pdf = client.get(reverse("orientation:courrier"))
    assert pdf["Content-Type"] == "application/pdf"
    assert sans_copie(pdf), pdf.get("Cache-Control")


def test_la_fiche_et_l_api_cote_conseiller(client, orientee):
    client.force_login(orientee.conseiller)
    fiche = client.get(reverse("backoffice:fiche_personne", args=[orientee.pk]))
    assert fiche.status_code == 200
    assert sans_copie(fiche)
    api = client.get(reverse("v1:personne-list"))
    assert api.status_code == 200 and api["Content-Type"].startswith("application/json")
    assert sans_copie(api)


def test_les_espaces_prives_meme_sans_connexion(orientee):
    anonyme = Client()
    # The refusals, and a page reached by a personal link from an e-mail.
    assert sans_copie(anonyme.get(reverse("v1:personne-list")))
    assert sans_copie(anonyme.get(reverse("personnes:espace")))
    lien = anonyme.get(reverse("orientation:accuse", args=[accuse.jeton(orientee.decision)]))
    assert lien.status_code == 200
    assert sans_copie(lien)


def test_les_pages_publiques_et_les_fichiers_statiques_restent_en_cache(client, orientee, settings):
    settings.WHITENOISE_USE_FINDERS = True  # static files served from the apps, as under `make run`
    accueil = Client().get(reverse("pages:accueil"))
    assert accueil.status_code == 200
    assert "no-store" not in accueil.get("Cache-Control", "")
    statique = Client().get("/static/css/app.css")
    assert statique.status_code == 200
    assert "no-store" not in statique.get("Cache-Control", "")
    # The same public page seen logged in shows the account's name: not kept.
    client.force_login(orientee.user)
    assert sans_copie(client.get(reverse("pages:accueil")))
