"""An organisation admin's dashboard counts the attachments of its professionals it is asked to confirm."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from francetravail.reseau.actions import creer_professionnel
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership
from tests.factories import OrganisationFactory, professionnel


def _demande(cd, admin_cd, conseiller):
    return creer_professionnel(
        cd,
        email=conseiller.email,
        first_name=conseiller.first_name,
        last_name=conseiller.last_name,
        role=Role.EQUIPE_PLURIDISCIPLINAIRE,
        acting_user=admin_cd,
    )


def _tuile(client, admin, agence):
    client.force_login(admin)
    page = client.get(reverse("backoffice:accueil"))
    assert page.status_code == 200
    contenu = page.content.decode()
    assert reverse("backoffice:membres", kwargs={"pk": agence.pk}) in contenu
    return contenu


def test_le_tableau_de_bord_compte_les_rattachements_a_confirmer(client):
    agence = OrganisationFactory(departement_id="59")
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    admin, admin_cd = professionnel(agence, Role.ADMIN_ORGANISATION), professionnel(cd, Role.ADMIN_ORGANISATION)

    assert "à confirmer" not in _tuile(client, admin, agence)
    _demande(cd, admin_cd, professionnel(agence, Role.CONSEILLER))
    assert "1 demande de rattachement à confirmer" in _tuile(client, admin, agence)
    _demande(cd, admin_cd, professionnel(agence, Role.CONSEILLER))
    assert "2 demandes de rattachement à confirmer" in _tuile(client, admin, agence)
    # The conseil départemental asked; it has nothing to confirm itself.
    assert "à confirmer" not in _tuile(client, admin_cd, cd)


def test_le_compte_des_demandes_ne_coute_pas_une_requete_par_organisation(client):
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    admin_cd = professionnel(cd, Role.ADMIN_ORGANISATION)
    agences = [OrganisationFactory(departement_id="59") for _ in range(3)]
    admin = professionnel(agences[0], Role.ADMIN_ORGANISATION)

    def requetes():
        client.force_login(admin)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("backoffice:accueil")).status_code == 200
        return len(ctx)

    requetes()  # warm: the memberships are then read from the cache
    une = requetes()
    for agence in agences[1:]:
        Membership.objects.create(user=admin, organisation=agence, role=Role.ADMIN_ORGANISATION)
        _demande(cd, admin_cd, professionnel(agence, Role.CONSEILLER))
    assert requetes() == une
