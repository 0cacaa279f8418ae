"""django-oauth-toolkit's validator, with the clients' own rule: a revoked client gets no token.

Its credentials still match its application (revoking keeps the rows for the access log), so the
token endpoint asks the client itself; the bearer authentication refuses its tokens as well.
"""

from oauth2_provider.oauth2_validators import OAuth2Validator

from francetravail.partenaires.models import ClientAPI


class ValidateurClients(OAuth2Validator):
    def authenticate_client(self, request, *args, **kwargs):
        if not super().authenticate_client(request, *args, **kwargs):
            return False
        client = ClientAPI.objects.select_related("compte").filter(application_id=request.client.pk).first()
        return client is not None and client.actif and client.compte.is_active
