"""Who manages an organisation's API clients: its own active administrators, nobody else.

Not a national administrator without a membership, not a staff user: a client acts as the
organisation, in its files, so only the organisation itself hands out its credentials. The
back-office pages answer 404 to anyone else (unknown and refused look the same).
"""

from django.http import Http404

from francetravail.partenaires.models import ClientAPI
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation

REFUS_GESTION = "Seul un administrateur de cette organisation peut gérer ses clients de l'API."


def peut_gerer_clients(user, organisation):
    """``user`` is an active ``admin_organisation`` of ``organisation`` (read in the database)."""
    if not (user is not None and user.is_authenticated and user.is_active) or organisation is None:
        return False
    if hasattr(user, "client_api"):  # a software never manages software
        return False
    return (
        Membership.objects.actives()
        .filter(user=user, organisation_id=organisation.pk, role=Role.ADMIN_ORGANISATION)
        .exists()
    )


def organisation_geree(user, organisation_id):
    """The organisation whose clients ``user`` manages, or 404."""
    organisation = Organisation.objects.filter(pk=organisation_id, actif=True).first()
    if organisation is None or not peut_gerer_clients(user, organisation):
        raise Http404
    return organisation


def client_gere(user, organisation, client_id):
    """One client of ``organisation`` (managed by ``user``, checked by ``organisation_geree``), or 404."""
    client = (
        ClientAPI.objects.select_related("application", "compte", "cree_par", "revoque_par", "organisation")
        .filter(pk=client_id, organisation=organisation)
        .first()
    )
    if client is None:
        raise Http404
    return client
