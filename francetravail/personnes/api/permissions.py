from rest_framework.permissions import BasePermission

from francetravail.comptes.decorators import autorise
from francetravail.comptes.enums import TypeCompte
from francetravail.reseau.enums import ROLES_DOSSIERS


class EstProfessionnelDossiers(BasePermission):
    message = "Accès réservé aux professionnels qui suivent des personnes."

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user and user.is_authenticated and autorise(user, {TypeCompte.PROFESSIONNEL}, ROLES_DOSSIERS, False)
        )
