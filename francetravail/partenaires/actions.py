"""API clients' life: created, their secret renewed, revoked — by their organisation's admin."""

import uuid

from django.db import transaction
from django.utils import timezone
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.comptes.enums import TypeCompte
from francetravail.comptes.models import User
from francetravail.partenaires.models import ClientAPI
from francetravail.reseau.enums import StatutRattachement
from francetravail.reseau.models import Membership

DOMAINE_COMPTES_TECHNIQUES = "clients-api.invalid"


def creer_compte_technique(nom, type_compte):
    """The account a client's calls act as: no password, an address no mail reaches, never a login."""
    compte = User.objects.create_user(
        email=f"{uuid.uuid4().hex}@{DOMAINE_COMPTES_TECHNIQUES}",
        first_name="Logiciel",
        last_name=nom,
        type_compte=type_compte,
    )
    compte.set_unusable_password()
    compte.save(update_fields=["password"])
    return compte


@transaction.atomic
def creer_client(organisation, *, nom, role, portees, acting_user):
    """Creates a network organisation's client, its OAuth2 application and its technical account
    (a member of ``organisation`` with ``role``); returns (client, secret).

    The secret is returned once: only its hash is kept (django-oauth-toolkit hashes it on save).
    """
    compte = creer_compte_technique(nom, TypeCompte.PROFESSIONNEL)
    Membership.objects.create(
        user=compte, organisation=organisation, role=role, statut=StatutRattachement.CONFIRME, created_by=acting_user
    )
    return enregistrer_client(
        compte, nom=nom, organisation=organisation, role=role, portees=portees, acting_user=acting_user
    )


def enregistrer_client(compte, *, nom, organisation, role, portees, acting_user):
    """The OAuth2 application and the client row of ``compte`` (inside the caller's transaction)."""
    secret = generate_client_secret()
    application = Application.objects.create(
        name=f"{organisation.nom if organisation else compte.email} — {nom}"[:255],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
        hash_client_secret=True,
    )
    client = ClientAPI.objects.create(
        organisation=organisation,
        nom=nom,
        application=application,
        compte=compte,
        role=role,
        portees=list(portees),
        cree_par=acting_user,
    )
    enregistrer_evenement(
        TypeEvenement.CLIENT_API_CREE,
        acting_user=acting_user,
        organisation=organisation,
        client_id=client.pk,
        role=role,
        portees=list(portees),
    )
    return client, secret


def revoquer_jetons(client):
    """Every token already given to the client stops working at once."""
    AccessToken.objects.filter(application_id=client.application_id).delete()


def marquer_utilisation(client, *, maintenant=None):
    """Records the client's last call, at most once a minute (one UPDATE, not one per request)."""
    maintenant = maintenant or timezone.now()
    if client.derniere_utilisation and maintenant - client.derniere_utilisation < timezone.timedelta(minutes=1):
        return
    ClientAPI.objects.filter(pk=client.pk).update(derniere_utilisation=maintenant)
    client.derniere_utilisation = maintenant
