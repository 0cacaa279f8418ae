"""The schema tells a partner how to authenticate: OAuth2 client credentials, the scopes in French, and
the scope each operation requires."""

from django.urls import reverse
from rest_framework.test import APIClient

from francetravail.partenaires.portees import PORTEES


def test_le_schema_decrit_les_identifiants_des_clients_et_la_portee_de_chaque_operation():
    schema = APIClient().get(reverse("api-schema"), {"format": "json"}).json()
    schema_client = schema["components"]["securitySchemes"]["clientAPI"]
    flux = schema_client["flows"]["clientCredentials"]
    assert flux["tokenUrl"] == reverse("api-jeton")
    assert flux["scopes"] == PORTEES
    assert "X-Professionnel" in schema_client["description"]
    assert {"clientAPI": ["personnes:read"]} in schema["paths"]["/api/v1/personnes/"]["get"]["security"]
    assert {"clientAPI": ["personnes:write"]} in schema["paths"]["/api/v1/personnes/{id}/"]["patch"]["security"]
