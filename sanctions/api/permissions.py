from rest_framework.permissions import SAFE_METHODS, BasePermission

from francetravail.comptes.decorators import autorise
from francetravail.comptes.enums import TypeCompte
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT
from sanctions.queries import ROLES_FILE


class RolesDesPagesDesSanctions(BasePermission):
    """The roles of the pages: the queue and the procedure page for reads, the référent's report for writes."""

    message = (
        "Accès réservé aux rôles des pages des sanctions : équipes de contrôle (conseiller, travailleur social, "
        "délégué aux sanctions) et décideurs ; signaler un manquement est réservé au référent."
    )

    def has_permission(self, request, view):
        user = request.user
        roles = ROLES_FILE if request.method in SAFE_METHODS else ROLES_ACCOMPAGNEMENT
        return bool(user and user.is_authenticated and autorise(user, {TypeCompte.PROFESSIONNEL}, roles, False))
