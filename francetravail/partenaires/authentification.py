"""Who calls the API with a bearer token: the API client's technical account.

django-oauth-toolkit checks the token (known, not expired, its application usable); a
client-credentials token has no user, so the call acts as the client's technical account,
whose membership in the organisation carries the client's role through the same gate as
the pages. A revoked client is refused even if a token survived. The software may name, with
``X-Professionnel: <e-mail>``, the active professional of its organisation it calls for: the
access log carries them (``audit.contexte.professionnel_nomme``); anyone else is a 400.
"""

from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from rest_framework import status
from rest_framework.exceptions import APIException, AuthenticationFailed

from francetravail.audit.contexte import professionnel_nomme
from francetravail.comptes.enums import TypeCompte
from francetravail.comptes.models import User
from francetravail.partenaires.actions import marquer_utilisation
from francetravail.partenaires.models import ClientAPI
from francetravail.reseau.models import Membership

REFUS_REVOQUE = "Ce client de l'API a été révoqué par son organisation."
EN_TETE_PROFESSIONNEL = "HTTP_X_PROFESSIONNEL"


class ProfessionnelInconnu(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = (
        "L'en-tête X-Professionnel doit donner l'adresse électronique d'un professionnel en activité "
        "de l'organisation du logiciel."
    )
    default_code = "professionnel_inconnu"


def professionnel_de(client, adresse):
    """The user id of an active professional of ``client``'s organisation with this e-mail, or None
    (never a technical account, never for an employer's software)."""
    adresse = (adresse or "").strip()
    if not adresse or client.organisation_id is None:
        return None
    membres = Membership.objects.actives().filter(organisation_id=client.organisation_id)
    return (
        User.objects.filter(
            email__iexact=adresse,
            type_compte=TypeCompte.PROFESSIONNEL,
            client_api__isnull=True,
            pk__in=membres.values("user_id"),
        )
        .values_list("pk", flat=True)
        .first()
    )


class AuthentificationClientAPI(OAuth2Authentication):
    def authenticate(self, request):
        # The token comes in the Authorization header only (never in a query string that logs keep, nor in a
        # body). Without it, nothing to check here: django-oauth-toolkit would parse the body to look for one,
        # with the view's parsers, and answer a session's call 415 before its own gate could answer.
        if not request.META.get("HTTP_AUTHORIZATION", "").startswith("Bearer "):
            return None
        resultat = super().authenticate(request)
        if resultat is None:
            return None
        _, jeton = resultat
        client = (
            ClientAPI.objects.select_related("compte", "organisation")
            .filter(application_id=jeton.application_id)
            .first()
        )
        if client is None or not client.actif or not client.compte.is_active:
            raise AuthenticationFailed(REFUS_REVOQUE)
        if EN_TETE_PROFESSIONNEL in request.META:
            # Checked before anything is read: an unknown name is refused, never logged as is.
            professionnel = professionnel_de(client, request.META[EN_TETE_PROFESSIONNEL])
            if professionnel is None:
                raise ProfessionnelInconnu
            # Reset by ContexteJournalMiddleware at the end of the request.
            professionnel_nomme.set(professionnel)
        marquer_utilisation(client)
        request.client_api = client
        return client.compte, jeton
