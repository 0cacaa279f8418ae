"""Who manages an organisation's webhooks: its own active administrators (``admin_organisation``), nobody else.

The subscriptions hold the secret that signs what the platform says about the organisation's people, and the
delivery log tells which events concern it: a national administrator or a professional of another role sees
neither. Pages answer 404 to anyone else (unknown and refused look the same); actions check again.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from francetravail.partenaires.models import AbonnementWebhook, LivraisonWebhook
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation

REFUS_ADMIN = "Seul un administrateur de cette organisation peut gérer ses webhooks."


def administre_webhooks(user, organisation_id):
    """``user`` is an active account with an active ``admin_organisation`` membership in that active organisation."""
    if user is None or not user.is_authenticated or not user.is_active or not user.est_professionnel:
        return False
    return (
        Membership.objects.actives()
        .filter(user=user, organisation_id=organisation_id, organisation__actif=True, role=Role.ADMIN_ORGANISATION)
        .exists()
    )


def exiger_admin_webhooks(user, organisation_id):
    """For actions: raises PermissionDenied unless ``user`` manages ``organisation_id``'s webhooks."""
    if not administre_webhooks(user, organisation_id):
        raise PermissionDenied(REFUS_ADMIN)


def acces_organisation_webhooks(user, organisation_id):
    """The organisation whose webhooks ``user`` manages, else 404."""
    try:
        organisation = Organisation.objects.get(pk=organisation_id, actif=True)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not administre_webhooks(user, organisation.pk):
        raise Http404
    return organisation


def acces_abonnement(user, organisation_id, abonnement_id):
    """(organisation, subscription) if ``user`` manages it and the subscription is that organisation's, else 404."""
    organisation = acces_organisation_webhooks(user, organisation_id)
    try:
        return organisation, AbonnementWebhook.objects.get(pk=abonnement_id, organisation=organisation)
    except (AbonnementWebhook.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def acces_livraison(user, organisation_id, livraison_id):
    """(organisation, delivery) if ``user`` manages it and the delivery is that organisation's, else 404."""
    organisation = acces_organisation_webhooks(user, organisation_id)
    try:
        return organisation, LivraisonWebhook.objects.select_related("abonnement").get(
            pk=livraison_id, abonnement__organisation=organisation
        )
    except (LivraisonWebhook.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
