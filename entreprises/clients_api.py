"""An employer's recruitment software (ATS): its company's admins create, renew and revoke its client.

The client's technical account is an employer's account (no password, never a login), an active
recruiter of the company: the API reads and writes the company's offers through the same gate as
the employer's pages. Its scopes are at most ``PORTEES_EMPLOYEUR``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from entreprises import acces
from entreprises.enums import RoleEntreprise, StatutMembre
from entreprises.models import ClientAPIEntreprise, MembreEntreprise
from francetravail.comptes.enums import TypeCompte
from francetravail.partenaires import actions as partenaires
from francetravail.partenaires.portees import PORTEES_EMPLOYEUR

REFUS_ADMIN = "Seul un administrateur de l'entreprise peut gérer les logiciels de recrutement qui la représentent."


def exiger_admin(user, entreprise):
    if not acces.est_admin(user, entreprise) or hasattr(user, "client_api"):
        raise PermissionDenied(REFUS_ADMIN)


def clients_de(entreprise):
    """The company's clients, newest first, with what their list shows."""
    return (
        ClientAPIEntreprise.objects.filter(entreprise=entreprise)
        .select_related("client__application", "client__cree_par", "client__revoque_par")
        .order_by("-client__cree_le", "-pk")
    )


def client_de(entreprise, client_pk):
    """One client of ``entreprise`` (the caller checked its admin), or 404."""
    lien = clients_de(entreprise).filter(client_id=acces.pk_ou_404(client_pk)).first()
    if lien is None:
        raise Http404
    return lien.client


@transaction.atomic
def creer_client_entreprise(entreprise, *, nom, portees, acting_user):
    """Creates the company's client and its technical account; returns (client, secret shown once)."""
    exiger_admin(acting_user, entreprise)
    partenaires.verifier_portees("", portees)
    nom = (nom or "").strip()
    if not nom:
        raise ValidationError({"nom": partenaires.NOM_VIDE})
    compte = partenaires.creer_compte_technique(nom[: partenaires.NOM_LONGUEUR_MAX], TypeCompte.EMPLOYEUR)
    MembreEntreprise.objects.create(
        entreprise=entreprise,
        user=compte,
        role=RoleEntreprise.RECRUTEUR,
        statut=StatutMembre.ACTIF,
        decide_par=acting_user,
    )
    client, secret = partenaires.enregistrer_client(
        compte,
        nom=nom[: partenaires.NOM_LONGUEUR_MAX],
        organisation=None,
        role="",
        portees=[code for code in PORTEES_EMPLOYEUR if code in set(portees)],
        acting_user=acting_user,
    )
    ClientAPIEntreprise.objects.create(client=client, entreprise=entreprise)
    return client, secret


def renouveler_secret_entreprise(entreprise, client, *, acting_user):
    exiger_admin(acting_user, entreprise)
    return partenaires.renouveler_secret(client, acting_user=acting_user, verifier=False)


def modifier_portees_entreprise(entreprise, client, *, portees, acting_user):
    exiger_admin(acting_user, entreprise)
    return partenaires.modifier_portees(client, portees=portees, acting_user=acting_user, verifier=False)


@transaction.atomic
def revoquer_client_entreprise(entreprise, client, *, acting_user):
    """Revokes the client; its technical account leaves the company (no longer a member)."""
    exiger_admin(acting_user, entreprise)
    client = partenaires.revoquer_client(client, acting_user=acting_user, verifier=False)
    membre = MembreEntreprise.objects.filter(entreprise=entreprise, user_id=client.compte_id).first()
    if membre is not None:
        membre.statut = StatutMembre.REFUSE
        membre.save(update_fields=["statut"])
    return client
