"""API clients' life: created, their secret renewed, revoked — by their organisation's admin."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.comptes.enums import TypeCompte
from francetravail.comptes.models import User
from francetravail.partenaires.acces import REFUS_GESTION, peut_gerer_clients
from francetravail.partenaires.models import ClientAPI
from francetravail.partenaires.portees import PORTEES, ROLES_CLIENT, portees_permises
from francetravail.reseau.attribution import message_refus_type, role_attribuable
from francetravail.reseau.enums import Role, StatutRattachement
from francetravail.reseau.models import Membership

DOMAINE_COMPTES_TECHNIQUES = "clients-api.invalid"

NOM_VIDE = "Indiquez le nom du logiciel."
NOM_LONGUEUR_MAX = 150
REFUS_ROLE = "Un client de l'API ne peut pas agir avec le rôle « {role} »."
REFUS_PORTEES = "Un client qui agit avec ce rôle ne peut pas recevoir ces portées : {portees}."
DEJA_REVOQUE = "Ce client de l'API est déjà révoqué : créez-en un autre."


def verifier_portees(role, portees):
    """Raises ValidationError unless every scope may be given to a client acting with ``role``."""
    refusees = [code for code in portees if code not in portees_permises(role)]
    if refusees:
        libelles = ", ".join(f"« {PORTEES.get(code, code)} »" for code in refusees)
        raise ValidationError({"portees": REFUS_PORTEES.format(portees=libelles)})


def verifier_role(organisation, role):
    """A client acts with a role of ``ROLES_CLIENT`` that the organisation's type admits."""
    if role not in ROLES_CLIENT:
        raise ValidationError({"role": REFUS_ROLE.format(role=Role(role).label if role in Role.values else role)})
    if not role_attribuable(organisation.type_organisation, role):
        raise ValidationError({"role": message_refus_type(organisation.type_organisation, role)})


def _verifier_nom(nom):
    nom = (nom or "").strip()
    if not nom:
        raise ValidationError({"nom": NOM_VIDE})
    return nom[:NOM_LONGUEUR_MAX]


def exiger_gestionnaire(user, client):
    """Only an admin of the client's organisation manages it; an employer's client is managed by
    its company's admins, through ``entreprises.clients_api`` (which checks before calling here)."""
    if client.organisation_id is None or not peut_gerer_clients(user, client.organisation):
        raise PermissionDenied(REFUS_GESTION)


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
    Refused (PermissionDenied) unless ``acting_user`` administers ``organisation``; refused
    (ValidationError) for a role a client may not act with, or a scope the role may not hold.
    """
    if not peut_gerer_clients(acting_user, organisation):
        raise PermissionDenied(REFUS_GESTION)
    nom = _verifier_nom(nom)
    verifier_role(organisation, role)
    verifier_portees(role, portees)
    compte = creer_compte_technique(nom, TypeCompte.PROFESSIONNEL)
    Membership.objects.create(
        user=compte, organisation=organisation, role=role, statut=StatutRattachement.CONFIRME, created_by=acting_user
    )
    return enregistrer_client(
        compte, nom=nom, organisation=organisation, role=role, portees=portees, acting_user=acting_user
    )


def enregistrer_client(compte, *, nom, organisation, role, portees, acting_user):
    """The OAuth2 application and the client row of ``compte`` (inside the caller's transaction).

    The caller has checked who acts, the role and the scopes."""
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


@transaction.atomic
def renouveler_secret(client, *, acting_user, verifier=True):
    """A new secret for ``client`` (returned once, only its hash kept); every token of the old one
    stops working at once. ``verifier=False``: the caller (the employer's side) has checked."""
    client = (
        ClientAPI.objects.select_for_update(of=("self",))
        .select_related("application", "organisation")
        .get(pk=client.pk)
    )
    if verifier:
        exiger_gestionnaire(acting_user, client)
    if not client.actif:
        raise ValidationError(DEJA_REVOQUE)
    secret = generate_client_secret()
    application = client.application
    application.client_secret = secret
    application.hash_client_secret = True
    application.save(update_fields=["client_secret", "hash_client_secret", "updated"])
    revoquer_jetons(client)
    client.secret_renouvele_le = timezone.now()
    client.save(update_fields=["secret_renouvele_le"])
    enregistrer_evenement(
        TypeEvenement.CLIENT_API_SECRET_RENOUVELE,
        acting_user=acting_user,
        organisation=client.organisation,
        client_id=client.pk,
    )
    return client, secret


@transaction.atomic
def modifier_portees(client, *, portees, acting_user, verifier=True):
    """Changes the scopes of ``client``; a removed scope leaves no token carrying it (tokens revoked)."""
    client = ClientAPI.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=client.pk)
    if verifier:
        exiger_gestionnaire(acting_user, client)
    if not client.actif:
        raise ValidationError(DEJA_REVOQUE)
    verifier_portees(client.role, portees)
    avant = list(client.portees)
    apres = [code for code in PORTEES if code in set(portees)]
    if set(avant) - set(apres):
        revoquer_jetons(client)
    client.portees = apres
    client.save(update_fields=["portees"])
    enregistrer_evenement(
        TypeEvenement.CLIENT_API_PORTEES,
        acting_user=acting_user,
        organisation=client.organisation,
        client_id=client.pk,
        avant=avant,
        apres=apres,
    )
    return client


@transaction.atomic
def revoquer_client(client, *, acting_user, verifier=True):
    """Revokes ``client`` for good: its tokens deleted, its technical account deactivated and its
    membership withdrawn (it holds no role anywhere any more)."""
    client = (
        ClientAPI.objects.select_for_update(of=("self",)).select_related("organisation", "compte").get(pk=client.pk)
    )
    if verifier:
        exiger_gestionnaire(acting_user, client)
    if not client.actif:
        raise ValidationError(DEJA_REVOQUE)
    revoquer_jetons(client)
    client.revoque_le = timezone.now()
    client.revoque_par = acting_user
    client.save(update_fields=["revoque_le", "revoque_par"])
    compte = client.compte
    compte.is_active = False
    compte.save(update_fields=["is_active"])
    for membership in Membership.objects.filter(user=compte, actif=True):
        membership.actif = False
        membership.save(update_fields=["actif"])  # save(): the roles' cache is invalidated by its signal
    enregistrer_evenement(
        TypeEvenement.CLIENT_API_REVOQUE,
        acting_user=acting_user,
        organisation=client.organisation,
        client_id=client.pk,
    )
    return client
