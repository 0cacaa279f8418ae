"""API clients' life through the actions: who may create, renew, rescope and revoke, and what each does."""

import base64

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from oauth2_provider.models import AccessToken

from entreprises.enums import RoleEntreprise, StatutMembre
from entreprises.models import ClientAPIEntreprise, MembreEntreprise
from francetravail.audit.enums import TypeEvenement
from francetravail.audit.models import AuditEvent
from francetravail.comptes.enums import TypeCompte
from francetravail.partenaires.acces import peut_gerer_clients
from francetravail.partenaires.actions import creer_client, modifier_portees, renouveler_secret, revoquer_client
from francetravail.partenaires.models import ClientAPI
from francetravail.partenaires.portees import PORTEES_EMPLOYEUR
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership
from tests.entreprises.factories import employeur
from tests.factories import OrganisationFactory, UserFactory, professionnel
from tests.partenaires.factories import client_api, client_api_entreprise, jeton

LISTE = reverse("v1:personne-list")


def _jeton(client, client_id, secret):
    identifiants = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return client.post(
        reverse("api-jeton"), {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=f"Basic {identifiants}"
    )


# --- Who manages -------------------------------------------------------------------------------


def test_seul_un_admin_actif_de_l_organisation_gere_ses_clients():
    agence = OrganisationFactory()
    admin = professionnel(agence, role=Role.ADMIN_ORGANISATION)
    conseiller = professionnel(agence, role=Role.CONSEILLER)
    admin_ailleurs = professionnel(OrganisationFactory(), role=Role.ADMIN_ORGANISATION)
    staff = UserFactory(professionnel=True, is_staff=True, is_superuser=True)
    desactive = professionnel(agence, role=Role.ADMIN_ORGANISATION)
    desactive.is_active = False
    desactive.save()
    retire = professionnel(agence, role=Role.ADMIN_ORGANISATION)
    Membership.objects.filter(user=retire).update(actif=False)

    assert peut_gerer_clients(admin, agence)
    for refuse in (conseiller, admin_ailleurs, staff, desactive, retire):
        assert not peut_gerer_clients(refuse, agence), refuse


def test_creer_refuse_a_un_non_admin_sans_rien_ecrire():
    agence = OrganisationFactory()
    conseiller = professionnel(agence, role=Role.CONSEILLER)
    avant = ClientAPI.objects.count(), Membership.objects.count()
    with pytest.raises(PermissionDenied):
        creer_client(agence, nom="Logiciel", role=Role.CONSEILLER, portees=["personnes:read"], acting_user=conseiller)
    assert (ClientAPI.objects.count(), Membership.objects.count()) == avant


def test_un_compte_technique_admin_ne_gere_pas_de_clients():
    agence = OrganisationFactory()
    logiciel = client_api(agence, role=Role.ADMIN_ORGANISATION, portees=[])
    assert not peut_gerer_clients(logiciel.compte, agence)


# --- Roles and scopes ----------------------------------------------------------------------------


def test_creer_refuse_une_portee_que_le_role_ne_peut_pas_recevoir():
    agence = OrganisationFactory()
    admin = professionnel(agence, role=Role.ADMIN_ORGANISATION)
    avant = ClientAPI.objects.count()
    with pytest.raises(ValidationError) as erreur:
        creer_client(
            agence, nom="Logiciel", role=Role.MEDIATEUR, portees=["diagnostic.confidentiel:read"], acting_user=admin
        )
    assert "confidentielles" in str(erreur.value)
    with pytest.raises(ValidationError):
        creer_client(agence, nom="Logiciel", role=Role.CONSEILLER, portees=["offres:write"], acting_user=admin)
    assert ClientAPI.objects.count() == avant
    # The same scope for a role that reads it on the site: accepted.
    client, _ = creer_client(
        agence, nom="Logiciel", role=Role.CONSEILLER, portees=["diagnostic.confidentiel:read"], acting_user=admin
    )
    assert client.portees == ["diagnostic.confidentiel:read"]


def test_creer_refuse_un_role_qu_un_client_ne_peut_pas_avoir():
    agence = OrganisationFactory()
    admin = professionnel(agence, role=Role.ADMIN_ORGANISATION)
    with pytest.raises(ValidationError):
        creer_client(agence, nom="Logiciel", role=Role.PILOTE, portees=[], acting_user=admin)
    with pytest.raises(ValidationError):
        creer_client(agence, nom="  ", role=Role.CONSEILLER, portees=[], acting_user=admin)
    assert not ClientAPI.objects.exists()


def test_creer_ecrit_un_evenement_et_un_compte_technique_sans_mot_de_passe():
    agence = OrganisationFactory()
    admin = professionnel(agence, role=Role.ADMIN_ORGANISATION)
    client, secret = creer_client(
        agence, nom="Logiciel RSA", role=Role.CONSEILLER, portees=["personnes:read"], acting_user=admin
    )
    assert secret and client.application.client_secret != secret  # only the hash is kept
    assert not client.compte.has_usable_password()
    assert client.compte.get_full_name() == "Logiciel Logiciel RSA"
    evenement = AuditEvent.objects.get(event_type=TypeEvenement.CLIENT_API_CREE)
    assert (evenement.acting_user, evenement.organisation, evenement.data["client_id"]) == (admin, agence, client.pk)
    assert secret not in str(evenement.data)


# --- Renewing, rescoping, revoking ---------------------------------------------------------------


def test_renouveler_le_secret_revoque_les_jetons_et_l_ancien_secret(client):
    agence = OrganisationFactory()
    admin = professionnel(agence, role=Role.ADMIN_ORGANISATION)
    logiciel, ancien = creer_client(
        agence, nom="Logiciel", role=Role.CONSEILLER, portees=["personnes:read"], acting_user=admin
    )
    ancien_jeton = jeton(logiciel)

    _, nouveau = renouveler_secret(logiciel, acting_user=admin)

    assert nouveau != ancien
    assert not AccessToken.objects.filter(token=ancien_jeton).exists()
    assert client.get(LISTE, HTTP_AUTHORIZATION=f"Bearer {ancien_jeton}").status_code == 401
    assert _jeton(client, logiciel.application.client_id, ancien).status_code == 401
    assert _jeton(client, logiciel.application.client_id, nouveau).status_code == 200
    assert AuditEvent.objects.filter(event_type=TypeEvenement.CLIENT_API_SECRET_RENOUVELE).count() == 1


def test_renouveler_refuse_a_l_admin_d_une_autre_organisation():
    logiciel = client_api()
    autre_admin = professionnel(OrganisationFactory(), role=Role.ADMIN_ORGANISATION)
    empreinte = logiciel.application.client_secret
    with pytest.raises(PermissionDenied):
        renouveler_secret(logiciel, acting_user=autre_admin)
    logiciel.application.refresh_from_db()
    assert logiciel.application.client_secret == empreinte


def test_modifier_les_portees_refuse_hors_du_role_et_retire_les_jetons_d_une_portee_retiree():
    agence = OrganisationFactory()
    admin = professionnel(agence, role=Role.ADMIN_ORGANISATION)
    logiciel = client_api(agence, role=Role.MEDIATEUR, portees=["personnes:read", "rendezvous:read"])
    with pytest.raises(ValidationError):
        modifier_portees(logiciel, portees=["diagnostic.confidentiel:read"], acting_user=admin)
    logiciel.refresh_from_db()
    assert logiciel.portees == ["personnes:read", "rendezvous:read"]

    un_jeton = jeton(logiciel)
    modifier_portees(logiciel, portees=["personnes:read", "rendezvous:read", "contrats:read"], acting_user=admin)
    assert AccessToken.objects.filter(token=un_jeton).exists()  # widened: tokens kept
    modifier_portees(logiciel, portees=["personnes:read"], acting_user=admin)
    assert not AccessToken.objects.filter(token=un_jeton).exists()  # narrowed: tokens gone
    logiciel.refresh_from_db()
    assert logiciel.portees == ["personnes:read"]


def test_revoquer_desactive_le_compte_son_rattachement_et_ses_jetons(client):
    agence = OrganisationFactory()
    admin = professionnel(agence, role=Role.ADMIN_ORGANISATION)
    logiciel = client_api(agence)
    un_jeton = jeton(logiciel)

    revoquer_client(logiciel, acting_user=admin)

    logiciel.refresh_from_db()
    assert (logiciel.revoque_par, logiciel.actif) == (admin, False)
    assert logiciel.revoque_le is not None
    assert not logiciel.compte.is_active
    assert not Membership.objects.filter(user=logiciel.compte, actif=True).exists()
    assert not AccessToken.objects.filter(application=logiciel.application).exists()
    assert client.get(LISTE, HTTP_AUTHORIZATION=f"Bearer {un_jeton}").status_code == 401
    with pytest.raises(ValidationError):
        renouveler_secret(logiciel, acting_user=admin)


# --- The employer's variant ----------------------------------------------------------------------


def test_client_d_une_entreprise_compte_employeur_recruteur_actif():
    logiciel = client_api_entreprise()
    lien = ClientAPIEntreprise.objects.get(client=logiciel)
    assert logiciel.organisation is None and logiciel.role == ""
    assert logiciel.portees == list(PORTEES_EMPLOYEUR)
    assert logiciel.compte.type_compte == TypeCompte.EMPLOYEUR
    membre = MembreEntreprise.objects.get(user=logiciel.compte)
    assert (membre.entreprise, membre.role, membre.statut) == (lien.entreprise, RoleEntreprise.RECRUTEUR, "actif")


def test_client_d_une_entreprise_refuse_a_un_recruteur_et_hors_des_portees_employeur():
    from entreprises.clients_api import creer_client_entreprise, revoquer_client_entreprise
    from tests.entreprises.factories import entreprise

    societe = entreprise()
    recruteur = employeur(societe, role=RoleEntreprise.RECRUTEUR)
    admin = employeur(societe)
    with pytest.raises(PermissionDenied):
        creer_client_entreprise(societe, nom="ATS", portees=["offres:read"], acting_user=recruteur)
    with pytest.raises(ValidationError):
        creer_client_entreprise(societe, nom="ATS", portees=["personnes:read"], acting_user=admin)
    assert not ClientAPI.objects.exists()

    logiciel, _ = creer_client_entreprise(societe, nom="ATS", portees=["offres:read"], acting_user=admin)
    # The network's pages never manage an employer's client.
    with pytest.raises(PermissionDenied):
        revoquer_client(logiciel, acting_user=admin)
    revoquer_client_entreprise(societe, logiciel, acting_user=admin)
    logiciel.refresh_from_db()
    assert not logiciel.actif and not logiciel.compte.is_active
    assert MembreEntreprise.objects.get(user=logiciel.compte).statut == StatutMembre.REFUSE
