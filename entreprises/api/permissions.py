from rest_framework.permissions import SAFE_METHODS, BasePermission

from francetravail.comptes.decorators import autorise
from francetravail.comptes.enums import TypeCompte
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT


class LecteursEtEmployeurs(BasePermission):
    """Offers: an employer's account (its company's software) reads and writes; the network's conseillers read
    the published offers, as on their pages."""

    message = (
        "Accès réservé aux logiciels de recrutement des entreprises (lecture et écriture de leurs offres) et, en "
        "lecture, aux conseillers du réseau (conseiller, travailleur social)."
    )

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method not in SAFE_METHODS:
            return autorise(user, {TypeCompte.EMPLOYEUR}, None, False)
        return autorise(user, {TypeCompte.EMPLOYEUR}, None, False) or autorise(
            user, {TypeCompte.PROFESSIONNEL}, ROLES_ACCOMPAGNEMENT, False
        )


class Employeurs(BasePermission):
    """Applications: the employer's pages only (the network reads them through the person's file)."""

    message = "Accès réservé aux logiciels de recrutement des entreprises : les candidatures à leurs offres."

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and autorise(user, {TypeCompte.EMPLOYEUR}, None, False))
