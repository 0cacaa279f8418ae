from rest_framework.permissions import SAFE_METHODS, BasePermission

from francetravail.comptes.decorators import autorise
from francetravail.comptes.enums import TypeCompte
from francetravail.personnes.acces import organisation_modifiant_coordonnees
from francetravail.personnes.actions import COORDONNEES_NON_MODIFIABLES
from francetravail.reseau.enums import ROLES_DOSSIERS, ROLES_RECHERCHE_NATIONALE


class EstProfessionnelDossiers(BasePermission):
    message = "Accès réservé aux professionnels qui suivent des personnes."

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user and user.is_authenticated and autorise(user, {TypeCompte.PROFESSIONNEL}, ROLES_DOSSIERS, False)
        )


class ModifieSesCoordonnees(BasePermission):
    """A write needs the rule of the pages (the action checks it again, on the locked row).

    Asked before the body is validated: a caller who may read but not write is told so,
    not invited to correct their data.
    """

    message = COORDONNEES_NON_MODIFIABLES

    def has_object_permission(self, request, view, obj):
        return request.method in SAFE_METHODS or organisation_modifiant_coordonnees(request.user, obj) is not None


class RechercheNir(BasePermission):
    """The NIR search, for the roles that search people on the site (the national search page's roles)."""

    message = (
        "Seuls les conseillers, travailleurs sociaux, décideurs départementaux et équipes pluridisciplinaires "
        "recherchent une personne."
    )

    def has_permission(self, request, view):
        if getattr(view, "action", None) != "recherche_nir":
            return True
        return autorise(request.user, {TypeCompte.PROFESSIONNEL}, ROLES_RECHERCHE_NATIONALE, False)
