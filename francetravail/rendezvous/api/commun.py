"""What the appointments' and the diagnostic's API views share: an action's refusal as a problem+json
answer, the access log of a list, the roles a resource is open to, an organisation named with its id."""

from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.permissions import BasePermission

from francetravail.comptes.decorators import autorise
from francetravail.comptes.enums import TypeCompte


class RefusAction(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "L'opération est refusée."


class Conflit(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "L'état de la ressource ne permet plus cette opération."


def erreur_api(exc, classe=RefusAction):
    """A Django ``ValidationError`` raised by an action → the API's 400 (per field when the action named
    fields, else its message as ``detail``); ``classe`` for another status (``Conflit``)."""
    if hasattr(exc, "error_dict") and classe is RefusAction:
        erreurs = {("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
        return serializers.ValidationError(erreurs)
    return classe(" ".join(exc.messages))


class RolesDuCompte(BasePermission):
    """The roles of the page that shows the same thing: the view's ``roles_api`` (a professional holding
    one of them in an active membership); ``refus_roles`` says who, in French."""

    def has_permission(self, request, view):
        user = request.user
        self.message = getattr(view, "refus_roles", "Accès réservé aux professionnels.")
        return bool(
            user and user.is_authenticated and autorise(user, {TypeCompte.PROFESSIONNEL}, view.roles_api, False)
        )
