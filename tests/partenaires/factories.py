"""API clients for tests: created by the real action, tokens issued as the token endpoint issues them."""

import secrets
from datetime import timedelta

from django.utils import timezone
from oauth2_provider.models import AccessToken
from rest_framework.test import APIClient

from francetravail.partenaires.actions import creer_client
from francetravail.partenaires.portees import portees_permises
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, professionnel


def client_api(organisation=None, *, role=Role.CONSEILLER, portees=None, nom="Logiciel de test"):
    """A client of ``organisation`` acting with ``role``, with ``portees`` (default: all its role may have)."""
    organisation = organisation or OrganisationFactory()
    admin = professionnel(organisation, role=Role.ADMIN_ORGANISATION)
    client, _secret = creer_client(
        organisation,
        nom=nom,
        role=role,
        portees=portees_permises(role) if portees is None else portees,
        acting_user=admin,
    )
    return client


def client_api_entreprise(entreprise=None, portees=None, *, nom="Logiciel de recrutement"):
    """An employer's recruitment software for ``entreprise`` (default: a new company), created by its admin
    through the real action, with ``portees`` (default: every employer's scope)."""
    from entreprises.clients_api import creer_client_entreprise
    from francetravail.partenaires.portees import PORTEES_EMPLOYEUR
    from tests.entreprises.factories import employeur
    from tests.entreprises.factories import entreprise as nouvelle_entreprise

    entreprise = entreprise or nouvelle_entreprise()
    admin = employeur(entreprise)
    client, _secret = creer_client_entreprise(
        entreprise,
        nom=nom,
        portees=list(PORTEES_EMPLOYEUR) if portees is None else portees,
        acting_user=admin,
    )
    return client


def jeton(client, *, portees=None, expire_dans=timedelta(hours=1)):
    """A bearer token of ``client`` (its scopes, or fewer), valid ``expire_dans`` from now (negative: expired)."""
    return AccessToken.objects.create(
        application=client.application,
        user=None,
        token=secrets.token_urlsafe(30),
        scope=" ".join(client.portees if portees is None else portees),
        expires=timezone.now() + expire_dans,
    ).token


def appelant(client, **kwargs):
    """A REST framework test client that sends ``client``'s bearer token on every request."""
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {jeton(client, **kwargs)}")
    return api
