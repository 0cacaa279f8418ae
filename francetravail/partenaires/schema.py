"""The API schema's description of how a partner's software authenticates (drf-spectacular extension).

OAuth2 client credentials at ``/api/oauth/token/`` with the scopes of ``PORTEES`` (their French
labels); each operation requires the scope its view declares (``api_portees.portee_requise``).
"""

from django.urls import reverse
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from francetravail.api_portees import portee_requise
from francetravail.partenaires.portees import PORTEES

DESCRIPTION = (
    "Identifiants d'un client de l'API (client_id et secret), créés par l'administrateur de l'organisation "
    "depuis l'espace professionnel (ou par l'administrateur d'une entreprise pour son logiciel de recrutement). "
    "Le jeton s'obtient par POST sur le point d'entrée des jetons (grant_type=client_credentials, identifiants "
    "en HTTP Basic) et s'envoie dans l'en-tête « Authorization: Bearer <jeton> ». L'en-tête facultatif "
    "« X-Professionnel » donne l'adresse électronique du professionnel de l'organisation pour le compte duquel "
    "le logiciel agit : il est inscrit dans le journal des accès (400 s'il n'est pas un professionnel en activité "
    "de l'organisation)."
)


class SchemaClientAPI(OpenApiAuthenticationExtension):
    target_class = "francetravail.partenaires.authentification.AuthentificationClientAPI"
    name = "clientAPI"

    def get_security_requirement(self, auto_schema):
        class _Requete:
            method = auto_schema.method

        code = portee_requise(_Requete, auto_schema.view)
        return {self.name: [code] if code else []}

    def get_security_definition(self, auto_schema):
        return {
            "type": "oauth2",
            "description": DESCRIPTION,
            "flows": {"clientCredentials": {"tokenUrl": reverse("api-jeton"), "scopes": dict(PORTEES)}},
        }
