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
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from demo.charger import charger_demo
from entreprises.models import Entreprise
from francetravail.partenaires.portees import PORTEES
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Organisation
from tests.api.wsgi import connexion_gardee
from tests.partenaires.factories import client_api, client_api_entreprise, jeton

ORGANISATION_CONSEILLER = "Agence France Travail Lille Centre"
DEPARTEMENT = "Conseil départemental du Nord"
SIRET_DEMO = "99999999800019"

# Examples per operation, valid and invalid requests: the whole file stays around a minute with v1's 55
# operations. (A malformed id is also tested directly: tests/api/test_erreurs.py.)
EXEMPLES = {GenerationMode.POSITIVE: 10, GenerationMode.NEGATIVE: 6}
VERIFICATIONS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
PARAMETRE_PERSONNE = re.compile(r"^personne(_id|_pk)?$")


@pytest.fixture
def appelants(settings):
    """The demo's network (people, agendas, contracts, offers...) and three partners' software acting on it,
    each token with every scope: a conseiller of the Lille agency, the Nord's administrator (the CAF/MSA
    flows), an employer's recruitment software. Each operation is called by the first of them its list
    answers (the role decides, as on the site)."""
    # schemathesis sends hundreds of requests in a few seconds: the limits are tested elsewhere
    # (the 429 stays documented); here they would hide the answers under test.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": dict.fromkeys(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "100000/hour"),
    }
    charger_demo()
    clients = {
        "conseiller": client_api(Organisation.objects.get(nom=ORGANISATION_CONSEILLER), role=Role.CONSEILLER),
        "departement": client_api(Organisation.objects.get(nom=DEPARTEMENT), role=Role.ADMIN_ORGANISATION),
        "employeur": client_api_entreprise(Entreprise.objects.get(siret=SIRET_DEMO)),
    }
    with connexion_gardee():
        yield {nom: {"Authorization": f"Bearer {jeton(c, portees=list(PORTEES))}"} for nom, c in clients.items()}


def _collection(chemin):
    return chemin.split("{", 1)[0]


def _qui_appelle_et_ids_connus(schema, appelants):
    """For each collection path: the caller whose list answers 2xx (the first one), and the id of its
    first row (if the list has rows with an id)."""
    qui, ids = {}, {}
    for resultat in schema.get_all_operations():
        operation = resultat.ok()
        if operation.method.upper() != "GET" or "{" in operation.path:
            continue
        for nom, entetes in appelants.items():
            reponse = operation.Case(method="GET").call(headers=entetes)
            if 200 <= reponse.status_code < 300:
                qui[operation.path] = nom
                corps = reponse.json()
                lignes = corps.get("results") if isinstance(corps, dict) else corps
                if isinstance(lignes, list) and lignes and isinstance(lignes[0], dict) and "id" in lignes[0]:
                    ids[operation.path] = lignes[0]["id"]
                break
    return qui, ids


def _avec_ids_connus(case, ids):
    """The case's path parameters replaced by ids of rows the caller may read, where known."""
    if not case.path_parameters:
        return case
    collection = _collection(case.path)
    for nom in list(case.path_parameters):
        if PARAMETRE_PERSONNE.match(nom) and "/api/v1/personnes/" in ids:
            case.path_parameters[nom] = ids["/api/v1/personnes/"]
        elif nom in ("id", "pk") and collection in ids:
            case.path_parameters[nom] = ids[collection]
    return case


def _resume(exc):
    """The failure's message, with those of a group's members (schemathesis's checks), cut to stay readable."""
    textes = [str(exc)]
    for membre in getattr(exc, "exceptions", ()):
        textes.append(f"{type(membre).__name__}: {membre}")
    return "\n".join(textes)[:2500]


def test_chaque_operation_repond_selon_le_schema(appelants):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    qui, ids = _qui_appelle_et_ids_connus(schema, appelants)
    echecs = {}
    statuts = {}
    operations = [resultat.ok() for resultat in schema.get_all_operations()]
    assert operations, "Le schéma ne décrit aucune opération."

    for operation in operations:
        entetes = appelants[qui.get(_collection(operation.path), "conseiller")]
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategie = operation.as_strategy(generation_mode=mode)
            if mode is GenerationMode.POSITIVE:
                strategie = st.one_of(strategie, strategie.map(lambda c: _avec_ids_connus(c, ids)))

            @settings(
                max_examples=EXEMPLES[mode],
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=strategie)
            def appeler(case):
                # appeler runs within this iteration (called just below): its caller is this iteration's.
                reponse = case.call_and_validate(headers=entetes, checks=VERIFICATIONS)  # noqa: B023
                statuts.setdefault((case.method.upper(), case.operation.path), set()).add(reponse.status_code)

            try:
                appeler()
            except Unsatisfiable:
                continue  # no invalid request exists (no parameter, or a free string): nothing to try
            # schemathesis reports its failures as an exception group (a BaseExceptionGroup).
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - every operation tried, all reported
                echecs[f"{operation.method.upper()} {operation.path} ({mode.value})"] = _resume(exc)

    for (methode, chemin), codes in sorted(statuts.items()):
        print(f"schemathesis: {methode} {chemin} {sorted(codes)}")  # what was reached (pytest -s shows it)
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
