"""Subscriptions and deliveries for the webhooks' tests, made by the real actions."""

from francetravail.partenaires.actions_webhooks import creer_abonnement
from francetravail.partenaires.enums import EvenementWebhook
from francetravail.partenaires.evenements import emettre
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, professionnel


def abonner(organisation=None, *, url="http://127.0.0.1:9/webhooks", evenements=None, recepteur=None):
    """(subscription, its admin): ``organisation`` subscribed by its admin; a ``recepteur`` gets its URL and secret."""
    organisation = organisation or OrganisationFactory()
    admin = professionnel(organisation, role=Role.ADMIN_ORGANISATION)
    abonnement, secret = creer_abonnement(
        organisation,
        url=recepteur.url if recepteur else url,
        evenements=evenements or EvenementWebhook.values,
        acting_user=admin,
    )
    if recepteur:
        recepteur.secret = secret
    return abonnement, admin


def livraison(abonnement, evenement=EvenementWebhook.RENDEZVOUS_PRIS, donnees=None):
    (une,) = emettre(evenement, organisation_ids=[abonnement.organisation_id], donnees=donnees or {"rendezvous": 40})
    return une
