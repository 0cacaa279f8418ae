"""A technical account of an API client (the software's identity) never logs in: not by password (it has
none, and one set by mistake is refused), not by ProConnect, not into the admin. Its only credential is
its client's token."""

from allauth.socialaccount.models import SocialAccount
from django.contrib.messages import get_messages

from francetravail.comptes.models import User
from francetravail.reseau.enums import Role
from tests.comptes.oidc import configurer, connexion_oidc, identite_proconnect
from tests.factories import MOT_DE_PASSE, OrganisationFactory
from tests.partenaires.factories import client_api

LOGIN = "/comptes/login/"


def _connecte(client):
    return client.session.get("_auth_user_id")


def test_pas_de_mot_de_passe_et_un_mot_de_passe_pose_par_erreur_est_refuse(client):
    compte = client_api(OrganisationFactory(), role=Role.ADMIN_ORGANISATION, portees=[]).compte
    assert not compte.has_usable_password()
    assert client.post(LOGIN, {"login": compte.email, "password": ""}).status_code == 200
    assert not _connecte(client)

    compte.set_password(MOT_DE_PASSE)
    compte.save(update_fields=["password"])
    reponse = client.post(LOGIN, {"login": compte.email, "password": MOT_DE_PASSE})

    assert not _connecte(client)
    assert reponse.status_code in (200, 302)
    assert any("logiciel" in str(m) for m in get_messages(reponse.wsgi_request))
    compte.is_staff = True
    compte.save(update_fields=["is_staff"])
    client.post("/admin/login/", {"username": compte.email, "password": MOT_DE_PASSE, "next": "/admin/"})
    assert not _connecte(client)


def test_proconnect_refuse_l_adresse_d_un_compte_technique(client, settings, oidc_provider, navigateur):
    compte = client_api(OrganisationFactory(), portees=[]).compte
    configurer(settings, oidc_provider, "proconnect")
    oidc_provider.identity = identite_proconnect(compte.email)
    nb_comptes = User.objects.count()

    reponse = connexion_oidc(client, navigateur, oidc_provider, "proconnect")

    assert reponse.status_code == 302
    assert not _connecte(client)
    assert not SocialAccount.objects.exists()
    assert User.objects.count() == nb_comptes
