"""schemathesis against the live schema: every operation of /api/v1/, as a partner's software calls it.

The schema is read from ``/api/schema/`` through the WSGI application (the one production serves), so
every resource registered in ``francetravail/api.py`` is tested as soon as it is there. Calls carry a
bearer token holding every scope, of a client acting as a conseiller of the organisation the seeded
people are followed by. For each operation, a bounded number of generated requests (valid ones, then
invalid ones) must give: no server error, a documented status code, the documented content type
(``application/problem+json`` for errors), a body and headers that match the schema.

Paths with ids are tried with generated ids (mostly unknown: the documented 404) and with the id of a
row the caller may read (the first one its list returns), so the success answers are checked too.
"""

import re

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from francetravail.partenaires.portees import PORTEES
from francetravail.reseau.enums import Role
from tests.api.wsgi import connexion_gardee
from tests.factories import OrganisationFactory, PersonneFactory
from tests.partenaires.factories import client_api, jeton

# Examples per operation and per mode: the whole file stays under a minute with the resources of v1.
EXEMPLES = 25
VERIFICATIONS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
PARAMETRE_PERSONNE = re.compile(r"^personne(_id|_pk)?$")


@pytest.fixture
def donnees(settings):
    # schemathesis sends hundreds of requests in a few seconds: the limits are tested elsewhere
    # (the 429 stays documented); here they would hide the answers under test.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "100000/hour", "anon": "100000/hour"},
    }
    agence = OrganisationFactory()
    personnes = PersonneFactory.create_batch(3, organisme_referent=agence)
    logiciel = client_api(agence, role=Role.CONSEILLER)
    with connexion_gardee():
        yield {"personne": personnes[0], "jeton": jeton(logiciel, portees=list(PORTEES))}


def _ids_connus(schema, entetes):
    """For each collection path, the id of its first row the caller may read (None: empty or no list)."""
    ids = {}
    for resultat in schema.get_all_operations():
        operation = resultat.ok()
        if operation.method.upper() != "GET" or "{" in operation.path:
            continue
        reponse = operation.Case(method="GET").call(headers=entetes)
        try:
            corps = reponse.json()
        except ValueError:
            continue
        lignes = corps.get("results") if isinstance(corps, dict) else corps
        if isinstance(lignes, list) and lignes and isinstance(lignes[0], dict) and "id" in lignes[0]:
            ids[operation.path] = lignes[0]["id"]
    return ids


def _avec_ids_connus(case, ids, personne_id):
    """The case's path parameters replaced by ids of rows the caller may read, where known."""
    if not case.path_parameters:
        return case
    collection = case.path.split("{", 1)[0]
    for nom in list(case.path_parameters):
        if PARAMETRE_PERSONNE.match(nom):
            case.path_parameters[nom] = personne_id
        elif nom in ("id", "pk") and collection in ids:
            case.path_parameters[nom] = ids[collection]
    return case


def test_chaque_operation_repond_selon_le_schema(donnees):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    entetes = {"Authorization": f"Bearer {donnees['jeton']}"}
    ids = _ids_connus(schema, entetes)
    echecs = {}
    statuts = {}
    operations = [resultat.ok() for resultat in schema.get_all_operations()]
    assert operations, "Le schéma ne décrit aucune opération."

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategie = operation.as_strategy(generation_mode=mode)
            if mode is GenerationMode.POSITIVE:
                strategie = st.one_of(
                    strategie, strategie.map(lambda c: _avec_ids_connus(c, ids, donnees["personne"].pk))
                )

            @settings(
                max_examples=EXEMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategie)
            def appeler(case):
                reponse = case.call_and_validate(headers=entetes, checks=VERIFICATIONS)
                statuts.setdefault((case.method.upper(), case.operation.path), set()).add(reponse.status_code)

            try:
                appeler()
            except Exception as exc:  # noqa: BLE001 - every operation is tried; all failures reported at the end
                echecs[f"{operation.method.upper()} {operation.path} ({mode.value})"] = str(exc)[:3000]

    assert not echecs, "\n\n".join(f"{cle}:\n{texte}" for cle, texte in echecs.items())
    # The generated requests reached the operations' success answers, not only their refusals: every list
    # answers 200 to a valid request, and a person's page answers for the person the caller follows.
    sans_succes = [
        f"{methode} {chemin}: {sorted(codes)}"
        for (methode, chemin), codes in statuts.items()
        if methode == "GET" and "{" not in chemin and not any(200 <= code < 300 for code in codes)
    ]
    assert not sans_succes, sans_succes
    assert 200 in statuts[("GET", "/api/v1/personnes/{id}/")]
    assert 200 in statuts[("PATCH", "/api/v1/personnes/{id}/")]
