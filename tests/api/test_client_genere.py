"""A département's RSA software, written with a client generated from the live schema
(openapi-python-client), does its day's work through the API: it gets a token with its client
credentials, pulls the people newly oriented to the département, books their first appointments in the
département's agenda, records their attendance, reads a contract and its PDF, and receives the webhooks
of all this on its own HTTP receiver, delivered by a real Celery worker, each signature verified.

The client is generated at test time from ``/api/schema/`` (no network): a schema the generator cannot
use fails here. Calls go through the project's WSGI application in-process (httpx's WSGI transport),
so the full stack runs: middleware, authentication, scopes, the access gate, the access log; every
write is really committed (``base_validee``), so the actions' events reach the webhooks' outbox and the
worker delivers them after the commit, as in production.
"""

import base64
import datetime
import importlib
import json
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from contrats import actions as contrats
from contrats.models import SocleDroitsDevoirs
from francetravail.audit.enums import Canal
from francetravail.audit.models import JournalAcces
from francetravail.partenaires.actions import creer_client
from francetravail.partenaires.actions_webhooks import creer_abonnement
from francetravail.partenaires.enums import EvenementWebhook
from francetravail.partenaires.signature import verifier
from francetravail.personnes.models import Personne
from francetravail.rendezvous.models import Creneau
from francetravail.reseau.enums import Role
from orientation import actions as orientation
from orientation.enums import Parcours
from tests.api import instantane
from tests.api.wsgi import HOTE, transport
from tests.contrats.factories import socle
from tests.factories import OrganisationFactory, PersonneFactory, professionnel
from tests.inscription.factories import dossier_complet
from tests.recepteur_webhooks import Recepteur
from tests.rendezvous.factories import AgendaFactory, CreneauFactory, dans

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


EVENEMENTS = [
    EvenementWebhook.PERSONNE_ORIENTEE,
    EvenementWebhook.RENDEZVOUS_PRIS,
    EvenementWebhook.RENDEZVOUS_HONORE,
    EvenementWebhook.CONTRAT_SIGNE,
]


def _orientee_vers(cd, decideur):
    """A person registered with the RSA (with an account: they accept their contract), oriented by the
    département's decider to its social path."""
    personne = PersonneFactory(avec_compte=True, organisme_referent=OrganisationFactory())
    dossier_complet(personne, prestations=["rsa"])
    orientation.modifier(
        orientation.proposer(personne), acting_user=decideur, parcours=Parcours.SOCIAL, organisme=cd, motif="RSA"
    )
    personne.refresh_from_db()
    return personne


def _contrat_signe(personne, referent):
    """The contract of ``personne`` written by their référent, accepted by the person, countersigned."""
    if not SocleDroitsDevoirs.objects.filter(parcours=Parcours.SOCIAL).exists():
        socle(Parcours.SOCIAL)
    contrat = contrats.rediger(personne, acting_user=referent)
    contrats.ajouter_action(
        contrat,
        acting_user=referent,
        type_action="formation",
        porteur="personne",
        description="Atelier de remobilisation",
        debut=timezone.localdate(),
        heures_hebdo=15,
    )
    contrat = contrats.soumettre(contrat, acting_user=referent)
    contrat = contrats.accepter(contrat, acting_user=personne.user)
    return contrats.contresigner(contrat, acting_user=referent)


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


def _attendre(predicat, delai=30):
    limite = time.monotonic() + delai
    while not predicat():
        if time.monotonic() > limite:
            return False
        time.sleep(0.2)
    return True


@pytest.fixture
def journee(base_validee, celery_worker_reel):
    """The département, its software and its receiver, everything really committed; deleted afterwards."""
    avant = instantane.prendre()
    try:
        with Recepteur() as recepteur:
            with transaction.atomic():
                cd = OrganisationFactory(conseil_departemental=True, departement_id="59")
                admin = professionnel(cd, role=Role.ADMIN_ORGANISATION)
                logiciel, secret = creer_client(
                    cd, nom="Logiciel RSA du Nord", role=Role.TRAVAILLEUR_SOCIAL,
                    portees=PORTEES_LOGICIEL_RSA, acting_user=admin,
                )  # fmt: skip
                _abonnement, recepteur.secret = creer_abonnement(
                    cd, url=recepteur.url, evenements=EVENEMENTS, acting_user=admin
                )
                agenda = AgendaFactory(organisation=cd, libelle="Accueil RSA")
                creneaux = [CreneauFactory(agenda=agenda, debut=dans(jours=2, heure=h)) for h in (9, 10, 11)]
            yield {
                "cd": cd,
                "decideur": professionnel(cd, role=Role.DECIDEUR_DEPARTEMENTAL),
                "referent": professionnel(cd, role=Role.TRAVAILLEUR_SOCIAL),
                "logiciel": logiciel,
                "secret": secret,
                "recepteur": recepteur,
                "creneaux": creneaux,
            }
    finally:
        restants = instantane.supprimer_depuis(avant)
        assert not restants, f"Lignes non supprimées : {restants}"


@pytest.mark.e2e
@pytest.mark.no_django_db
def test_le_logiciel_rsa_d_un_departement_fait_sa_journee_par_le_client_genere(client_genere, journee):
    cd, logiciel, recepteur = journee["cd"], journee["logiciel"], journee["recepteur"]
    depuis = timezone.now() - datetime.timedelta(seconds=1)
    orientees = [_orientee_vers(cd, journee["decideur"]) for _ in range(2)]
    PersonneFactory()  # followed elsewhere: never seen by the département's software

    # 0. The software logs in with its client credentials.
    jeton = _jeton(logiciel.application.client_id, journee["secret"])
    api = client_genere.AuthenticatedClient(base_url=HOTE, token=jeton, httpx_args={"transport": transport()})

    # 1. The people newly oriented to the département, every page of them.
    vues, curseur = [], _module("types").UNSET
    while True:
        page = _api("personnes.personnes_list").sync(client=api, oriente_depuis=depuis, curseur=curseur, taille=100)
        assert isinstance(page, _module("models").PaginatedPersonneList), page
        vues += page.results
        if not page.next_:
            break
        curseur = httpx.URL(page.next_).params["curseur"]
    assert sorted(p.id for p in vues) == sorted(p.pk for p in orientees)
    # Each person read is in their access log, as read by this software for the département.
    for personne in orientees:
        ligne = JournalAcces.objects.filter(personne=personne, canal=Canal.API).first()
        assert (ligne.user_id, ligne.organisation_id) == (logiciel.compte_id, cd.pk)

    # A person of another organisation: the same answer as an unknown id (a Probleme, 404).
    refus = _api("personnes.personnes_retrieve").sync_detailed(client=api, id=999_999_999)
    assert refus.status_code == 404
    assert refus.parsed.title == "Ressource introuvable"

    # 2. Their first appointments, in the département's agenda's free slots.
    libres = _api("creneaux.creneaux_list").sync(client=api, agenda=journee["creneaux"][0].agenda_id)
    assert sorted(c.id for c in libres.results) == sorted(c.pk for c in journee["creneaux"])
    rendez_vous = []
    for personne, creneau in zip(vues, libres.results, strict=False):
        reservation = _module("models").Reservation(personne=personne.id, creneau=creneau.id)
        rdv = _api("rendezvous.rendezvous_create").sync(client=api, body=reservation)
        assert isinstance(rdv, _module("models").RendezVous), rdv
        rendez_vous.append(rdv)

    # 3. The appointments' time comes; the software records that both were honoured.
    Creneau.objects.filter(pk__in=[r.creneau.id for r in rendez_vous]).update(
        debut=timezone.now() - datetime.timedelta(minutes=50), fin=timezone.now() - datetime.timedelta(minutes=5)
    )
    presence = _module("models").Presence(statut=_module("models").PresenceStatutEnum("honore"))
    for rdv in rendez_vous:
        honore = _api("rendezvous.rendezvous_presence_create").sync(client=api, id=str(rdv.id), body=presence)
        assert isinstance(honore, _module("models").RendezVous), honore
        assert honore.statut == "honore"

    # 4. The référent and the person sign the contract; the software reads it and its PDF.
    contrat = _contrat_signe(Personne.objects.get(pk=orientees[0].pk), journee["referent"])
    page = _api("contrats.contrats_list").sync(client=api, personne=orientees[0].pk)
    assert [c.id for c in page.results] == [contrat.pk]
    lu = _api("contrats.contrats_retrieve").sync(client=api, id=str(contrat.pk))
    assert lu.id == contrat.pk
    pdf = _api("contrats.contrats_pdf_retrieve").sync_detailed(client=api, id=str(contrat.pk))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")

    # 5. The webhooks, delivered by the worker to the software's receiver, each signature verified.
    attendus = {
        EvenementWebhook.PERSONNE_ORIENTEE: 2,
        EvenementWebhook.RENDEZVOUS_PRIS: 2,
        EvenementWebhook.RENDEZVOUS_HONORE: 2,
        EvenementWebhook.CONTRAT_SIGNE: 1,
    }

    def recus():
        compte = {}
        for evenement in recepteur.traitees:
            compte[evenement["evenement"]] = compte.get(evenement["evenement"], 0) + 1
        return compte

    assert _attendre(lambda: all(recus().get(e, 0) >= n for e, n in attendus.items())), recus()
    assert recepteur.refusees == []
    for recue in recepteur.recues:
        assert verifier(recepteur.secret, recue["entetes"], recue["corps"], maintenant=time.time())
    orientes = {e["donnees"]["personne"] for e in recepteur.traitees if e["evenement"] == "personne.orientee"}
    assert orientes == {p.pk for p in orientees}
