"""The site map lists, for a logged-in account, only the spaces and pages it may open (no dead link);
the anonymous visitor sees every space (each link leads to the login page)."""

import re

import pytest
from django.urls import reverse

from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory, UserFactory, professionnel

pytestmark = pytest.mark.django_db


def _comptes():
    org = OrganisationFactory(departement_id="59")
    return {
        "anonyme": None,
        "personne": PersonneFactory(avec_compte=True).user,
        "employeur": UserFactory(employeur=True),
        "conseiller": professionnel(org, Role.CONSEILLER),
        "pilote": professionnel(org, Role.PILOTE),
        "mediateur": professionnel(org, Role.MEDIATEUR),
    }


@pytest.mark.parametrize("compte", ["anonyme", "personne", "employeur", "conseiller", "pilote", "mediateur"])
def test_aucun_lien_du_plan_ne_mene_a_une_impasse(client, compte):
    user = _comptes()[compte]
    if user is not None:
        client.force_login(user)
    contenu = client.get(reverse("pages:plan_du_site")).content.decode()
    plan = contenu.split("<h1>Plan du site</h1>", 1)[1].split("</main>", 1)[0]
    liens = re.findall(r'href="(/[^"#]*)"', plan)
    assert reverse("pages:accessibilite") in liens
    impasses = [(url, s) for url in liens if (s := client.get(url).status_code) >= 400]
    assert not impasses, f"{compte} : {impasses}"


def test_chaque_compte_voit_son_espace(client):
    comptes = _comptes()
    attendus = {
        "personne": reverse("personnes:espace"),
        "employeur": reverse("entreprises:espace"),
        "conseiller": reverse("backoffice:personnes"),
        "pilote": reverse("backoffice:accueil"),
    }
    for compte, url in attendus.items():
        client.force_login(comptes[compte])
        assert f'href="{url}"' in client.get(reverse("pages:plan_du_site")).content.decode(), compte
    client.logout()
    anonyme = client.get(reverse("pages:plan_du_site")).content.decode()
    assert all(f'href="{url}"' in anonyme for url in attendus.values())
