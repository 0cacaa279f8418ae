"""The deciders' queue on their dashboard: a tile with the number of orientations they may decide."""

import pytest
from django.urls import reverse

from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, professionnel
from tests.orientation.test_decisions_vues import proposition

pytestmark = pytest.mark.django_db

TUILE = "Orientations à décider"


def _tableau(client, user):
    client.force_login(user)
    response = client.get(reverse("backoffice:accueil"))
    assert response.status_code == 200
    return response.content.decode()


def test_le_conseiller_voit_la_file_avec_son_nombre(client):
    agence = OrganisationFactory(departement_id="59")
    conseiller = professionnel(agence, Role.CONSEILLER)
    contenu = _tableau(client, conseiller)
    assert f'href="{reverse("backoffice:orientations")}"' in contenu
    assert TUILE in contenu
    assert "à décider</span>" not in contenu  # nothing waiting: no badge

    proposition(agence)
    proposition(agence)
    proposition(OrganisationFactory(departement_id="62"))  # not theirs to decide: not counted
    assert "2 à décider</span>" in _tableau(client, conseiller)


def test_le_decideur_departemental_voit_les_orientations_rsa_de_son_departement(client):
    agence = OrganisationFactory(departement_id="59")
    decideur = professionnel(
        OrganisationFactory(conseil_departemental=True, departement_id="59"), Role.DECIDEUR_DEPARTEMENTAL
    )
    proposition(agence, prestations=["rsa"])
    contenu = _tableau(client, decideur)
    assert f'href="{reverse("backoffice:orientations")}"' in contenu
    assert "1 à décider</span>" in contenu


@pytest.mark.parametrize(
    "role", [Role.TRAVAILLEUR_SOCIAL, Role.EQUIPE_PLURIDISCIPLINAIRE, Role.PILOTE, Role.MEDIATEUR]
)
def test_pas_de_tuile_pour_qui_ne_decide_pas(client, role):
    """The queue is a 404 for them: no dead tile."""
    user = professionnel(OrganisationFactory(conseil_departemental=True, departement_id="59"), role)
    contenu = _tableau(client, user)
    assert TUILE not in contenu
    assert reverse("backoffice:orientations") not in contenu
    assert client.get(reverse("backoffice:orientations")).status_code == 404
