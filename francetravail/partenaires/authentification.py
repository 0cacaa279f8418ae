"""Who calls the API with a bearer token: the API client's technical account.

django-oauth-toolkit checks the token (known, not expired, its application usable); a
client-credentials token has no user, so the call acts as the client's technical account,
whose membership in the organisation carries the client's role through the same gate as
the pages. A revoked client is refused even if a token survived.
"""

from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from rest_framework.exceptions import AuthenticationFailed

from francetravail.partenaires.actions import marquer_utilisation
from francetravail.partenaires.models import ClientAPI

REFUS_REVOQUE = "Ce client de l'API a été révoqué par son organisation."


class AuthentificationClientAPI(OAuth2Authentication):
    def authenticate(self, request):
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
        marquer_utilisation(client)
        request.client_api = client
        return client.compte, jeton
