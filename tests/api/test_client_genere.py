"""A département's RSA software, written with a client generated from the live schema
(openapi-python-client), does its day's work through the API: it gets a token with its client
credentials, pulls the people newly oriented to the département, ...

The client is generated at test time from ``/api/schema/`` (no network): a schema the generator cannot
use fails here. Calls go through the project's WSGI application in-process (httpx's WSGI transport),
so the full stack runs: middleware, authentication, scopes, the access gate, the access log.
"""

import base64
import importlib
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from django.test import Client

from francetravail.audit.enums import Canal
from francetravail.audit.models import JournalAcces
from francetravail.partenaires.actions import creer_client
from francetravail.reseau.enums import Role
from orientation import actions as orientation
from orientation.enums import Parcours
from tests.api.wsgi import HOTE, connexion_gardee, transport
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.inscription.factories import dossier_complet

PAQUET = "client_reseau"
PORTEES_LOGICIEL_RSA = ["personnes:read", "orientation:read", "rendezvous:read", "rendezvous:write", "contrats:read"]


@pytest.fixture(scope="session")
def client_genere(tmp_path_factory, django_db_setup, django_db_blocker):
    """The Python package openapi-python-client generates from the schema the site serves."""
    dossier = tmp_path_factory.mktemp("client_genere")
    with django_db_blocker.unblock():
        reponse = Client().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert reponse.status_code == 200
    schema = dossier / "schema.json"
    schema.write_text(json.dumps(json.loads(reponse.content)))
    configuration = dossier / "configuration.json"
    # No post-generation hook: the formatter is not what is tested, and it is not on the PATH here.
    configuration.write_text(json.dumps({"post_hooks": [], "package_name_override": PAQUET}))
    generateur = Path(sys.executable).parent / "openapi-python-client"
    resultat = subprocess.run(
        [
            str(generateur),
            "generate",
            "--path",
            str(schema),
            "--config",
            str(configuration),
            "--meta",
            "none",
            "--output-path",
            str(dossier / PAQUET),
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    # Any warning means part of the schema could not be turned into code: the schema must be fixed.
    assert "Warning" not in resultat.stdout, resultat.stdout
    sys.path.insert(0, str(dossier))
    try:
        yield importlib.import_module(PAQUET)
    finally:
        sys.path.remove(str(dossier))
        for nom in [n for n in sys.modules if n == PAQUET or n.startswith(f"{PAQUET}.")]:
            del sys.modules[nom]


def _api(nom):
    """A module of the generated package: ``_api("personnes.personnes_list")`` is one operation."""
    return importlib.import_module(f"{PAQUET}.api.{nom}")


def _module(nom):
    return importlib.import_module(f"{PAQUET}.{nom}")


@pytest.fixture
def departement():
    """A conseil départemental, its decider, and the RSA software its admin registered (real action)."""
    cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
    admin = professionnel(cd, role=Role.ADMIN_ORGANISATION)
    logiciel, secret = creer_client(
        cd, nom="Logiciel RSA du Nord", role=Role.TRAVAILLEUR_SOCIAL, portees=PORTEES_LOGICIEL_RSA, acting_user=admin
    )
    return {
        "cd": cd,
        "decideur": professionnel(cd, role=Role.DECIDEUR_DEPARTEMENTAL),
        "logiciel": logiciel,
        "secret": secret,
    }


def _orientee_vers(cd, decideur):
    """A person registered with the RSA, oriented by the département's decider to its social path."""
    personne = PersonneFactory(organisme_referent=OrganisationFactory())
    dossier_complet(personne, prestations=["rsa"])
    orientation.modifier(
        orientation.proposer(personne), acting_user=decideur, parcours=Parcours.SOCIAL, organisme=cd, motif="RSA"
    )
    personne.refresh_from_db()
    return personne


def _jeton(client_id, secret):
    """The token request exactly as the README shows it with curl: HTTP Basic, client credentials."""
    identifiants = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    with httpx.Client(transport=transport(), base_url=HOTE) as http:
        reponse = http.post(
            "/api/oauth/token/",
            data={"grant_type": "client_credentials"},
            headers={"Authorization": f"Basic {identifiants}"},
        )
    assert reponse.status_code == 200, reponse.text
    corps = reponse.json()
    assert corps["token_type"] == "Bearer"
    assert set(corps["scope"].split()) == set(PORTEES_LOGICIEL_RSA)
    return corps["access_token"]


def test_le_logiciel_rsa_d_un_departement_fait_sa_journee_par_le_client_genere(client_genere, departement):
    cd, logiciel = departement["cd"], departement["logiciel"]
    orientees = [_orientee_vers(cd, departement["decideur"]) for _ in range(2)]
    PersonneFactory()  # followed elsewhere: never seen by the département's software

    with connexion_gardee():
        jeton = _jeton(logiciel.application.client_id, departement["secret"])
        api = client_genere.AuthenticatedClient(base_url=HOTE, token=jeton, httpx_args={"transport": transport()})

        # 1. The people newly oriented to the département, every page of them.
        vues, curseur = [], _module("types").UNSET
        while True:
            page = _api("personnes.personnes_list").sync(client=api, curseur=curseur, taille=100)
            assert isinstance(page, _module("models").PaginatedPersonneList), page
            vues += page.results
            if not page.next_:
                break
            curseur = httpx.URL(page.next_).params["curseur"]
        assert sorted(p.id for p in vues) == sorted(p.pk for p in orientees)
        assert {p.organisme_referent for p in vues} == {cd.nom}

        # Each person read is in their access log, as read by this software for the département.
        for personne in orientees:
            ligne = JournalAcces.objects.get(personne=personne, canal=Canal.API)
            assert (ligne.user_id, ligne.organisation_id) == (logiciel.compte_id, cd.pk)

        # A person of another organisation: the same answer as an unknown id (a Probleme, 404).
        refus = _api("personnes.personnes_retrieve").sync_detailed(client=api, id=999_999_999)
        assert refus.status_code == 404
        assert refus.parsed.title == "Ressource introuvable"
