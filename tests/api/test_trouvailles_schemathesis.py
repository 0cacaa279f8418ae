"""What schemathesis found in the schema once every resource of v1 was there, each pinned by a direct test.

(The problem+json answers outside the views it found earlier are in tests/api/test_erreurs.py.)
"""

import json

from django.urls import reverse

from francetravail.reseau.enums import Role
from tests.factories import OrganisationFactory, PersonneFactory
from tests.partenaires.factories import appelant, client_api


def _schema(client):
    return json.loads(client.get(reverse("api-schema"), HTTP_ACCEPT="application/json").content)


def test_le_diagnostic_d_une_personne_est_documente_comme_un_objet_et_en_est_un(client):
    # drf-spectacular documented the « list » action as an array; the answer is one diagnostic.
    reponse_200 = _schema(client)["paths"]["/api/v1/personnes/{personne_pk}/diagnostic/"]["get"]["responses"]["200"]
    schema = reponse_200["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Diagnostic"}

    agence = OrganisationFactory()
    personne = PersonneFactory(organisme_referent=agence)
    corps = appelant(client_api(agence, role=Role.CONSEILLER)).get(f"/api/v1/personnes/{personne.pk}/diagnostic/")
    assert corps.status_code == 200
    assert isinstance(corps.json(), dict) and corps.json()["personne"] == personne.pk


def test_deux_composants_du_schema_ne_portent_jamais_le_meme_nom(client):
    # The contract's follow-up and the appointments' follow-up were both « Suivi »: one overwrote the other.
    composants = _schema(client)["components"]["schemas"]
    assert "SuiviContrat" in composants and "Suivi" in composants
    assert "semaines" in composants["SuiviContrat"]["properties"]
    assert "semaines" not in composants["Suivi"]["properties"]


def test_un_decalage_horaire_hors_du_monde_est_un_400_et_pas_une_erreur_du_serveur():
    # « modifie_depuis=0462-02-16T20:55:14+14:45 » reached PostgreSQL, which refuses offsets beyond ±15:59: a 500.
    agence = OrganisationFactory()
    PersonneFactory(organisme_referent=agence)
    api = appelant(client_api(agence, role=Role.CONSEILLER))
    for decalage, attendu in (("+14:00", 200), ("+14:01", 400), ("-12:00", 200), ("-12:01", 400), ("+16:30", 400)):
        for parametre, chemin in (
            ("modifie_depuis", "/api/v1/personnes/"),
            ("oriente_depuis", "/api/v1/personnes/"),
            ("decidee_depuis", "/api/v1/orientations/"),
        ):
            reponse = api.get(chemin, {parametre: f"2026-01-31T00:00:00{decalage}"})
            assert reponse.status_code == attendu, (parametre, decalage, reponse.content[:300])
            if attendu == 400:
                assert reponse["Content-Type"] == "application/problem+json"
                assert parametre in reponse.json()["erreurs"]


def test_un_corps_json_est_documente_en_json_seulement(client):
    # JSON, form and multipart were listed for every body: openapi-python-client generated modules that did
    # not import (« Unset » undefined) and would have sent the body twice. The file upload stays multipart.
    schema = _schema(client)
    types = {
        (chemin, methode): list(operation["requestBody"]["content"])
        for chemin, operations in schema["paths"].items()
        for methode, operation in operations.items()
        if isinstance(operation, dict) and "requestBody" in operation
    }
    assert types[("/api/v1/rendezvous/", "post")] == ["application/json"]
    assert types[("/api/v1/flux-caf/", "post")] == ["multipart/form-data"]
    assert all(contenus in (["application/json"], ["multipart/form-data"]) for contenus in types.values()), types


FILTRES_IDENTIFIANTS = [
    ("/api/v1/personnes/", "organisme_referent"),
    ("/api/v1/orientations/", "personne"),
    ("/api/v1/orientations/", "organisme"),
    ("/api/v1/contrats/", "personne"),
    ("/api/v1/creneaux/", "agenda"),
    ("/api/v1/rendezvous/", "personne"),
    ("/api/v1/rendezvous/", "agenda"),
]


def test_un_filtre_par_identifiant_est_un_entier_dans_le_schema_et_a_l_appel(client):
    # Documented as « number », the generated client typed them float (``personne: float``), and « 1.5 » was
    # accepted. An id is an integer; past PostgreSQL's bigint it is unknown (an empty page), never a 500.
    schema = _schema(client)
    for chemin, nom in FILTRES_IDENTIFIANTS:
        (parametre,) = [p for p in schema["paths"][chemin]["get"]["parameters"] if p["name"] == nom]
        assert parametre["schema"]["type"] == "integer", (chemin, nom)

    agence = OrganisationFactory()
    api = appelant(client_api(agence, role=Role.CONSEILLER))
    for chemin, nom in FILTRES_IDENTIFIANTS:
        assert api.get(chemin, {nom: "1.5"}).status_code == 400, (chemin, nom)
        assert api.get(chemin, {nom: str(2**63 - 1)}).status_code == 200, (chemin, nom)
        assert api.get(chemin, {nom: str(2**63)}).status_code in (200, 400), (chemin, nom)
