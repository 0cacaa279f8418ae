from rest_framework.permissions import SAFE_METHODS, BasePermission

from contrats.views.conseiller import ROLES_LECTEURS, ROLES_REFERENTS
from francetravail.comptes.decorators import autorise
from francetravail.comptes.enums import TypeCompte


class RolesDesPagesDuContrat(BasePermission):
    """The roles of the référent's contract pages: readers read, accompaniment roles write (the gate and
    ``acces.est_referent`` then decide for the file, as on the pages)."""

    message = (
        "Accès réservé aux rôles qui lisent les contrats d'engagement sur le site (conseiller, travailleur social, "
        "rôles départementaux, responsable d'équipe) ; les modifier est réservé au référent."
    )

    def has_permission(self, request, view):
        user = request.user
        roles = ROLES_LECTEURS if request.method in SAFE_METHODS else ROLES_REFERENTS
        return bool(user and user.is_authenticated and autorise(user, {TypeCompte.PROFESSIONNEL}, roles, False))
