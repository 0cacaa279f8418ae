"""Access gate for organisations: only their admins manage their members."""

from django.http import Http404

from francetravail.reseau.enums import Role
from francetravail.reseau.models import Organisation
from francetravail.reseau.roles import contexte_professionnel


def acces_organisation_admin(user, organisation_id):
    """The organisation if ``user`` administers it, else 404 (unknown and refused look the same)."""
    try:
        organisation = Organisation.objects.get(pk=organisation_id, actif=True)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if user.is_superuser:
        return organisation
    if organisation.pk not in contexte_professionnel(user).organisations_avec({Role.ADMIN_ORGANISATION}):
        raise Http404
    return organisation
