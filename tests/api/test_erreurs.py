"""The API's errors: one shape (problem+json, RFC 9457, in French) for every error, even those given
before a view runs (an unknown path, a format that does not exist), and a 401 that says how to log in."""

import json

from django.core.management import call_command

from francetravail.api_erreurs import TYPE_MEDIA
from francetravail.partenaires.portees import PORTEES
from tests.factories import OrganisationFactory, PersonneFactory
from tests.partenaires.factories import appelant, client_api


def _probleme(reponse, status):
    assert reponse.status_code == status, reponse.content[:300]
    assert reponse["Content-Type"] == TYPE_MEDIA
    corps = json.loads(reponse.content)
    assert corps["status"] == status
    assert corps["type"] == "about:blank"
    assert corps["title"] and corps["detail"]
    return corps


def test_chemin_inconnu_sous_api_404_problem_json_et_pas_la_page_html():
    corps = _probleme(appelant(client_api()).get("/api/v1/rien-ici/"), 404)
    assert corps["detail"] == "Aucune ressource de l'API à cette adresse."


def test_identifiant_mal_forme_404_problem_json():
    # "0.5" is read by REST framework as id 0 with the format suffix "5", which no renderer serves.
    _probleme(appelant(client_api()).get("/api/v1/personnes/0.5/"), 404)


def test_page_du_site_inconnue_reste_la_page_html(client):
    reponse = client.get("/rien-ici/")
    assert reponse.status_code == 404
    assert reponse["Content-Type"].startswith("text/html")


def test_sans_jeton_401_avec_www_authenticate_bearer(client):
    reponse = client.get("/api/v1/personnes/")
    corps = _probleme(reponse, 401)
    assert reponse["WWW-Authenticate"].startswith("Bearer")
    assert corps["title"] == "Authentification requise"


def test_personne_d_une_autre_organisation_404_comme_inconnue():
    logiciel = client_api(OrganisationFactory())
    ailleurs = PersonneFactory()
    api = appelant(logiciel)
    assert _probleme(api.get(f"/api/v1/personnes/{ailleurs.pk}/"), 404) == _probleme(
        api.get("/api/v1/personnes/999999999/"), 404
    )


def _schema(client):
    reponse = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert reponse.status_code == 200
    return json.loads(reponse.content)


def test_schema_chaque_operation_documente_401_403_404_429_en_problem_json(client):
    schema = _schema(client)
    operations = [op for chemins in schema["paths"].values() for op in chemins.values() if "responses" in op]
    assert operations
    for operation in operations:
        for code in ("401", "403", "404", "429"):
            reponse = operation["responses"][code]
            assert list(reponse["content"]) == [TYPE_MEDIA], (operation["operationId"], code)
        assert "WWW-Authenticate" in operation["responses"]["401"]["headers"]
        assert "Retry-After" in operation["responses"]["429"]["headers"]


def test_schema_authentification_oauth2_client_credentials_avec_les_portees_en_francais(client):
    schema = _schema(client)
    flux = schema["components"]["securitySchemes"]["clientAPI"]["flows"]["clientCredentials"]
    assert flux["tokenUrl"] == "/api/oauth/token/"
    assert flux["scopes"] == PORTEES
    liste = schema["paths"]["/api/v1/personnes/"]["get"]
    assert {"clientAPI": ["personnes:read"]} in liste["security"]
    modification = schema["paths"]["/api/v1/personnes/{id}/"]["patch"]
    assert {"clientAPI": ["personnes:write"]} in modification["security"]


def test_schema_valide_sans_avertissement(tmp_path):
    # The same command as CONTRIBUTING asks before each commit: any warning of any view fails it.
    call_command(
        "spectacular", "--api-version", "v1", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
