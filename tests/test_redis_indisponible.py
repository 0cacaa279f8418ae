"""Redis stopped under a running server: every page still answers, then Redis comes back.

A real ``redis-server`` of this test only (a free 127.0.0.1 port, its own directory,
append-only file as in ``scripts/services.py``), never the shared one; the application
served by ``gunicorn`` as the Dockerfile runs it, in its own process, whose cache,
rate limits, sessions and Celery broker point at that Redis. A person and a conseiller
(with their second factor) log in, Redis is stopped, they walk through their main pages
and fresh logins happen; nothing may answer 500 and ``/healthz`` says "degraded". Then
Redis is started again on the same port and the server goes back to it.
"""

import datetime
import os
import re
import signal
import subprocess
import sys
import time
from decimal import Decimal

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.db.models import Q

from francetravail.audit.models import AuditEvent, JournalAcces
from francetravail.comptes.models import User
from francetravail.messagerie.models import Message
from francetravail.notifications.enums import Statut
from francetravail.notifications.models import Notification
from francetravail.personnes.models import Personne
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Organisation
from tests.factories import MOT_DE_PASSE, OrganisationFactory, PersonneFactory, UserFactory, code_totp, professionnel
from tests.redis_prive import RedisPrive, port_libre

pytestmark = [pytest.mark.e2e, pytest.mark.no_django_db]

DOMAINE = "redis-indisponible.exemple.fr"
ORGANISATION = "Agence du test Redis indisponible"


class Serveur:
    """gunicorn serving the application on the test database, with Redis at ``redis_url``."""

    def __init__(self, redis_url):
        base = connection.settings_dict
        self.port = port_libre()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "francetravail.settings.test",
            "DATABASE_URL": f"postgres://{base['USER']}:{base['PASSWORD'] or ''}@{base['HOST']}:{base['PORT']}/{base['NAME']}",
            "REDIS_URL": redis_url,
        }
        env.pop("CELERY_BROKER_URL", None)  # the broker follows REDIS_URL
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "francetravail.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
            ],  # fmt: skip
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        limite = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{self.url}/healthz", timeout=5).status_code in (200, 503):
                    return
            except (requests.ConnectionError, requests.Timeout):
                # The worker binds before it has loaded the application: on a loaded machine the
                # first answer can take longer than the read timeout. Try again until the limit.
                pass
            if time.monotonic() > limite or self._process.poll() is not None:
                self.arreter()
                raise RuntimeError(f"gunicorn ne démarre pas :\n{self.journal()}")
            time.sleep(0.2)

    def arreter(self):
        if self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(20)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    def journal(self):
        if self._process.poll() is None:
            return "(en cours)"
        return self._process.stdout.read()[-5000:]


def _nettoyer():
    from contrats.models import ActionPlan, ContratEngagement, HistoriqueContrat, VersionContrat
    from francetravail.rendezvous.models import Agenda, Creneau, HistoriqueRendezVous, RendezVous
    from orientation.models import DecisionOrientation, HistoriqueDecision

    users = User.objects.filter(email__endswith=f"@{DOMAINE}")
    personnes = Personne.objects.filter(Q(user__in=users) | Q(email__endswith=f"@{DOMAINE}"))
    orgs = Organisation.objects.filter(nom=ORGANISATION)
    contrats = ContratEngagement.objects.filter(personne__in=personnes)
    HistoriqueContrat.objects.filter(contrat__in=contrats).delete()
    contrats.update(version_acceptee=None, version_en_vigueur=None)
    ActionPlan.objects.filter(contrat__in=contrats).delete()
    VersionContrat.objects.filter(contrat__in=contrats).delete()
    contrats.delete()
    HistoriqueDecision.objects.filter(decision__personne__in=personnes).delete()
    DecisionOrientation.objects.filter(personne__in=personnes).delete()
    rdv = RendezVous.objects.filter(personne__in=personnes)
    HistoriqueRendezVous.objects.filter(rendez_vous__in=rdv).delete()
    rdv.delete()
    Creneau.objects.filter(agenda__organisation__in=orgs).delete()
    Agenda.objects.filter(organisation__in=orgs).delete()
    Message.objects.filter(personne__in=personnes).delete()
    Notification.objects.filter(destinataire__in=users).delete()
    AuditEvent.objects.filter(Q(acting_user__in=users) | Q(personne__in=personnes) | Q(organisation__in=orgs)).delete()
    JournalAcces.objects.filter(Q(personne__in=personnes) | Q(user__in=users)).delete()
    personnes.delete()
    users.delete()
    orgs.delete()


@pytest.fixture
def donnees(base_validee):
    """A conseiller (and a colleague) of an agency, a person it follows with a submitted contract and an appointment."""
    from contrats import actions
    from tests.contrats.factories import orientation_notifiee
    from tests.rendezvous.factories import AgendaFactory, CreneauFactory, rdv_reserve

    _nettoyer()
    org = OrganisationFactory(nom=ORGANISATION)
    conseiller = professionnel(org, Role.CONSEILLER, email=f"conseillere@{DOMAINE}")
    collegue = professionnel(org, Role.CONSEILLER, email=f"collegue@{DOMAINE}")
    compte = UserFactory(email=f"marie@{DOMAINE}")
    personne = PersonneFactory(user=compte, email=compte.email, organisme_referent=org)
    orientation_notifiee(personne)
    contrat = actions.rediger(personne, acting_user=conseiller)
    actions.ajouter_action(
        contrat,
        acting_user=conseiller,
        type_action="formation",
        porteur="personne",
        description="Formation de cariste",
        debut=datetime.date.today(),
        heures_hebdo=Decimal(15),
    )
    actions.soumettre(contrat, acting_user=conseiller)
    rdv_reserve(personne, CreneauFactory(agenda=AgendaFactory(organisation=org)))
    try:
        yield {"conseiller": conseiller, "collegue": collegue, "compte": compte, "personne": personne}
    finally:
        _nettoyer()


@pytest.fixture
def redis_prive(tmp_path):
    serveur = RedisPrive(tmp_path / "redis")
    serveur.dossier.mkdir()
    serveur.demarrer()
    try:
        yield serveur
    finally:
        serveur.arreter()


@pytest.fixture
def serveur(redis_prive, donnees):
    gunicorn = Serveur(redis_prive.url)
    try:
        yield gunicorn
    finally:
        gunicorn.arreter()


def _jeton(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def _navigateur():
    session = requests.Session()
    session.trust_env = False  # no environment proxy for 127.0.0.1
    return session


def _envoyer(session, url, donnees):
    """A form as the browser sends it: the page's CSRF token, no redirect followed."""
    page = session.get(url, timeout=30)
    assert page.status_code == 200, (url, page.status_code)
    return session.post(url, data={**donnees, "csrfmiddlewaretoken": _jeton(page)}, allow_redirects=False, timeout=30)


def _connecter(base, user, *, totp=False):
    session = _navigateur()
    response = _envoyer(session, f"{base}/comptes/login/", {"login": user.email, "password": MOT_DE_PASSE})
    assert response.status_code == 302, response.text[:500]
    if totp:
        assert response.headers["Location"] == "/comptes/2fa/authenticate/"
        response = _envoyer(session, f"{base}/comptes/2fa/authenticate/", {"code": code_totp()})
        assert response.status_code == 302, response.text[:500]
    assert response.headers["Location"] == "/connexion/suite/"
    return session


def _parcourir(base, session, chemins):
    """Each page answers 200 (or a redirect, never 500), quickly."""
    for chemin in chemins:
        debut = time.monotonic()
        response = session.get(f"{base}{chemin}", allow_redirects=False, timeout=30)
        duree = time.monotonic() - debut
        assert response.status_code in (200, 302), (chemin, response.status_code, response.text[:300])
        assert "/comptes/login/" not in response.headers.get("Location", ""), (chemin, "déconnecté")
        assert duree < 3, (chemin, f"{duree:.1f} s")


def _sante(base):
    response = requests.get(f"{base}/healthz", timeout=30)
    return response.status_code, response.json()


def test_redis_arrete_les_pages_repondent_puis_redis_revient(serveur, redis_prive, donnees):
    base = serveur.url
    personne, conseiller = donnees["personne"], donnees["conseiller"]
    pages_personne = ["/mon-espace/", "/mon-espace/contrat/", "/mon-espace/rendez-vous/", "/mon-espace/messages/"]
    pages_conseiller = ["/conseiller/", "/conseiller/personnes/", f"/conseiller/personnes/{personne.pk}/"]
    # A worker heartbeat, so that /healthz says "ok" while everything is up.
    redis_prive.client().set(settings.WORKER_HEARTBEAT_KEY, str(time.time() + 3600))
    statut, corps = _sante(base)
    assert (statut, corps["status"]) == (200, "ok"), corps

    session_personne = _connecter(base, donnees["compte"])
    session_conseiller = _connecter(base, conseiller, totp=True)
    _parcourir(base, session_personne, pages_personne)
    _parcourir(base, session_conseiller, pages_conseiller)
    assert redis_prive.client().keys("*allauth:rl*"), "the login limits are counted in the test's Redis"

    redis_prive.arreter()

    # Logged-in sessions go on (sessions live in the database).
    _parcourir(base, session_personne, pages_personne)
    _parcourir(base, session_conseiller, pages_conseiller)
    statut, corps = _sante(base)
    assert statut == 200
    assert corps["status"] == "degraded"
    assert corps["database"]["ok"] is True
    assert corps["redis"]["ok"] is False
    # An action that queues a notification: the broker is down, publishing gives up fast,
    # the row waits for the sweep.
    debut = time.monotonic()
    response = _envoyer(
        session_conseiller,
        f"{base}/conseiller/personnes/{personne.pk}/messages/",
        {"corps": "Bonjour, votre rendez-vous est confirmé."},
    )
    assert response.status_code == 302, response.text[:500]
    assert time.monotonic() - debut < 10
    assert Message.objects.filter(personne=personne).count() == 1
    assert Notification.objects.filter(destinataire=donnees["compte"], statut=Statut.EN_ATTENTE).exists()
    # Fresh logins, with and without the second factor.
    _parcourir(base, _connecter(base, donnees["compte"]), pages_personne)
    _parcourir(base, _connecter(base, donnees["collegue"], totp=True), pages_conseiller)
    # The login limits still hold (counted in the server process meanwhile): 5 failures lock the account.
    session = _navigateur()
    for _ in range(5):
        echec = _envoyer(session, f"{base}/comptes/login/", {"login": donnees["compte"].email, "password": "mauvais"})
        assert echec.status_code in (200, 429)
    bloque = _envoyer(session, f"{base}/comptes/login/", {"login": donnees["compte"].email, "password": MOT_DE_PASSE})
    assert bloque.status_code in (200, 429)
    assert "sessionid" not in session.cookies

    redis_prive.demarrer()  # same port, same directory: its append-only file is replayed

    statut, corps = _sante(base)
    assert (statut, corps["redis"]["ok"]) == (200, True)
    assert corps["status"] == "ok", corps  # the heartbeat written before the outage survived the restart
    time.sleep(6)  # PAUSE_APRES_PANNE: the server tries Redis again
    _parcourir(base, session_personne, pages_personne)
    _parcourir(base, session_conseiller, pages_conseiller)
    redis_prive.client().flushdb()
    _connecter(base, donnees["compte"])
    assert redis_prive.client().keys("*allauth:rl*"), "the login limits are counted in Redis again"
