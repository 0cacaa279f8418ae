"""Staff accounts as the admin meets them: departmental staff with model permissions, national staff."""

from django.contrib.auth.models import Permission

from francetravail.comptes.models import User
from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, UserFactory, professionnel


def staff_departemental(departement="59", *, role=Role.DECIDEUR_DEPARTEMENTAL, permissions=None, organisation=None):
    """An ``is_staff`` professional of a conseil départemental, not a superuser.

    ``permissions``: a Permission queryset; by default every model permission of the project
    (view, add, change, delete of every model), the worst case for a gate: only the gate
    itself can then keep them out.
    """
    organisation = organisation or OrganisationFactory(conseil_departemental=True, departement_id=departement)
    user = professionnel(organisation, role, is_staff=True)
    user.user_permissions.set(permissions if permissions is not None else Permission.objects.all())
    return User.objects.get(pk=user.pk)  # fresh: permissions and memberships re-read


def superutilisateur():
    return UserFactory(professionnel=True, is_staff=True, is_superuser=True)
