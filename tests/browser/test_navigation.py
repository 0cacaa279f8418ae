"""Navigation that never dead-ends, for every role of the permission matrix.

Each role starts from its dashboard (where ``pages:apres_connexion`` sends it; the anonymous
visitor from the home page) and follows what a person can click: links, GET forms
(``tests/browser/exploration.py``), on the permission matrix's scenario
(``tests/test_permission_matrix.py``). Then:

(a) every page the role may use according to the matrix (its GET rows, for the very objects
    of each row: P's contract, not any contract) is reached by clicking, except the pages of
    ``EXCEPTIONS`` (each with its reason: the list can only shrink,
    ``test_chaque_exception_sert_encore`` fails for an exception no longer needed);
(b) no link or GET form shown leads to an error (403, 404, 500…), and no POST form is shown
    whose target the matrix refuses to the role (checked where the matrix has a row for that
    very object);
(c) in a real Chromium, axe-core finds no serious or critical violation on any type of page
    the role reached (the first page of each type and role; a page whose skeleton — tags,
    attributes that shape it, where text is — was already checked for another role is not
    checked again: the rules would answer the same).

The crawl uses Django's test client (fast); the browser, with the session of a completed
login (second factor included), opens one page per type. The server shares the
test's transaction (``tests/browser/serveur_partage.py``): nothing is committed.
"""

import os
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import sync_playwright

from tests.browser.conftest import AXE, CHROMIUM, verifier_accessibilite
from tests.browser.exploration import explorer
from tests.browser.serveur_partage import serveur_dans_la_transaction
from tests.test_permission_matrix import (
    MATRICE,
    ROLES,
    _dossier_media,  # noqa: F401 — the matrix's scenario and its fixtures
    _media_du_scenario,  # noqa: F401
    _scenario_du_module,  # noqa: F401
)

pytestmark = [pytest.mark.browser]

# Pages of the matrix no click reaches, (role or "*", url name) -> why. Only shrink this list.
EXCEPTIONS = {
    ("conseiller", "backoffice:orientation_courrier"): (
        "le courrier de décision ne se montre qu'après un courriel de décision non remis "
        "(tests/notifications/test_rebonds.py y clique)"
    ),
    ("decideur_departemental", "backoffice:orientation_courrier"): "idem",
    ("equipe_pluridisciplinaire", "backoffice:orientation_courrier"): "idem",
    ("responsable_equipe", "backoffice:orientation_courrier"): "idem",
    ("*", "healthz"): "sonde de supervision (JSON), pas une page du service",
    ("*", "api-schema"): "schéma OpenAPI de l'API, lu par des programmes",
    ("*", "api-docs"): "documentation de l'API pour les développeurs, hors de la navigation du service",
    (
        "*",
        "rome:appellations",
    ): "données (JSON) de l'autocomplétion des métiers, appelées par le script des formulaires",
    (
        "*",
        "communes:recherche",
    ): "données (JSON) de l'autocomplétion des communes, appelées par le script des formulaires",
    ("conseiller", "backoffice:diagnostic_difference"): (
        "aucune section du diagnostic de P n'a deux versions dans le scénario : pas de lien « Voir les changements »"
    ),
    ("decideur_departemental", "backoffice:diagnostic_difference"): "idem",
    ("equipe_pluridisciplinaire", "backoffice:diagnostic_difference"): "idem",
    ("responsable_equipe", "backoffice:diagnostic_difference"): "idem",
    ("conseiller", "backoffice:mettre_en_relation"): (
        "les candidats classés d'une offre viennent des profils de recherche ; P n'en a pas et est déjà mis en relation"
    ),
    ("conseiller", "backoffice:rouvrir_accompagnement"): (
        "l'accompagnement de P n'est pas terminé : « Rouvrir » ne se montre que sur la fiche d'un accompagnement "
        "terminé (tests/browser/test_fin_accompagnement.py y clique)"
    ),
    ("conseiller", "backoffice:modifier_rendez_vous"): (
        "le rendez-vous de P est passé : on n'en saisit que la présence (déplacer ne vaut que pour un rendez-vous à venir)"
    ),
    ("personne", "emploi:offre"): (
        "les offres proposées à la personne viennent de son profil de recherche, qu'elle n'a pas dans le scénario"
    ),
    ("personne", "emploi:candidater"): "idem, et elle a déjà candidaté à l'offre publiée",
    ("personne", "donnees:copie_etat"): (
        "données (JSON) de l'avancement d'une copie du dossier, lues par le script de « Mes données » pendant sa "
        "préparation (tests/donnees/test_copie.py::test_la_progression_se_lit_pendant_la_construction)"
    ),
    ("protection_donnees", "backoffice:archive"): (
        "un dossier archivé ne s'ouvre qu'après une recherche par nom ET date de naissance, à saisir "
        "(tests/donnees/test_archives.py cherche, donne le motif et ouvre)"
    ),
    ("pilote", "backoffice:flux_caf_apercu"): (
        "un aperçu ne s'ouvre qu'en téléversant un fichier (un envoi, pas un lien) : "
        "tests/browser/test_flux_caf.py téléverse, corrige la correspondance et importe"
    ),
}
KINDS_PAGES = {"page", "public", "suite"}


def _pages_permises(role):
    return {
        nom for nom, _, methode, kind, permis in MATRICE if methode == "get" and kind in KINDS_PAGES and role in permis
    }


def _lignes_permises(role, ids):
    """(url name, URL) of the matrix's GET rows open to ``role``: the very objects (P's file, P's contract…)."""
    return {
        (nom, reverse(nom, kwargs={k: ids[v] for k, v in kwargs.items()}))
        for nom, kwargs, methode, kind, permis in MATRICE
        if methode == "get" and kind in KINDS_PAGES and role in permis
    }


def _urls_permises(role, ids):
    return frozenset(url for _, url in _lignes_permises(role, ids))


def _exceptions(role):
    return {nom for (qui, nom) in EXCEPTIONS if qui in {"*", role}}


def _permis_par_la_matrice(role, destination, ids):
    """Whether the matrix lets ``role`` post to ``destination`` (None: no row for that very object)."""
    lignes = [
        (methode, permis)
        for nom, kwargs, methode, _, permis in MATRICE
        if nom == destination.nom
        and {k: str(ids[v]) for k, v in kwargs.items()} == {k: str(v) for k, v in destination.kwargs}
    ]
    permis = [p for methode, p in lignes if methode == "post"] or [p for _, p in lignes]
    return any(role in p for p in permis) if permis else None


@pytest.fixture
def scenario(_scenario_du_module, db):  # noqa: F811 — the matrix's scenario, built once for the module
    return _scenario_du_module


@pytest.fixture(scope="module")
def visites():
    """Each role's crawl, once for the module (the exceptions' check reads them again)."""
    return {}


@pytest.fixture(scope="module")
def squelettes_verifies():
    """(type of page, skeleton) already checked by axe-core in this module, for any role."""
    return set()


def _explorer(visites, donnees, role):
    if role not in visites:
        visites[role] = _explorer_sans_cache(donnees, role)
    return visites[role]


def _explorer_sans_cache(donnees, role):
    client = Client()
    prioritaires = _urls_permises(role, donnees["ids"])
    if role == "anonyme":
        return explorer(client, reverse("pages:accueil"), prioritaires=prioritaires)
    client.force_login(donnees["users"][role])
    return explorer(client, client.get(reverse("pages:apres_connexion"))["Location"], prioritaires=prioritaires)


class Chromium:
    """One Chromium for the module, driven from a thread of its own.

    Playwright's synchronous API runs an event loop in the thread that drives it; in the test's
    thread, the ORM would then use another connection (asgiref's locals follow the event loop),
    outside the scenario's transaction. Its own thread keeps the test's thread free for the crawls,
    and the browser is launched once (seconds under load) rather than once per role."""

    def __init__(self):
        if not os.access(CHROMIUM, os.X_OK):
            pytest.fail(f"{CHROMIUM} introuvable : apt-get install -y chromium (voir .ci/run).")
        if not AXE.exists():
            pytest.fail(f"{AXE} introuvable : npm install (make venv l'installe quand npm est présent).")
        self._fil = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self._dans_le_fil(self._lancer)

    def _dans_le_fil(self, fonction, *args):
        return self._fil.submit(fonction, *args).result()

    def _lancer(self):
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )

    def _arreter(self):
        self._browser.close()
        self._playwright.stop()

    def fermer(self):
        try:
            self._dans_le_fil(self._arreter)
        finally:
            self._fil.shutdown()

    def accessibilite(self, serveur, urls, session):
        return self._dans_le_fil(self._accessibilite, serveur, urls, session)

    def _accessibilite(self, serveur, urls, session):
        """axe-core on each URL, in a fresh context (the page of ``tests/browser/conftest.py: navigateur``,
        axe-core loaded in every page beforehand); the failures of every page (not only the first)."""
        context = self._browser.new_context(bypass_csp=True, locale="fr-FR")
        try:
            context.set_default_timeout(15_000)
            context.add_init_script(path=str(AXE))
            if session is not None:
                context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": serveur}])
            page = context.new_page()
            page.erreurs_js = []
            page.on("pageerror", lambda exc: page.erreurs_js.append(str(exc)))
            echecs = []
            for url in urls:
                page.goto(serveur + url)
                if urlsplit(page.url).path != urlsplit(url).path:  # not the page the crawl read (session lost?)
                    echecs.append(f"{url} : le navigateur est arrivé sur {page.url}")
                    continue
                try:
                    verifier_accessibilite(page)
                except AssertionError as exc:
                    echecs.append(str(exc))
                page.erreurs_js.clear()
            return echecs
        finally:
            context.close()


@pytest.fixture(scope="module")
def chromium():
    navigateur = Chromium()
    yield navigateur
    navigateur.fermer()


def _session(user):
    """A completed login (second factor included, ``tests/conftest.py``) for the browser's cookie: the real
    login pages are the browser journeys' subject; here they would cost seconds per role."""
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.mark.parametrize("role", ROLES)
def test_navigation_sans_impasse(scenario, visites, squelettes_verifies, chromium, role):
    debut = time.monotonic()
    visite = _explorer(visites, scenario, role)

    exceptions = _exceptions(role)
    non_atteintes = sorted(
        (nom, url)
        for nom, url in _lignes_permises(role, scenario["ids"])
        if nom not in exceptions and url not in visite.urls_atteintes
    )
    refus_post = sorted(
        {
            (destination.url, origine)
            for destination, origine in visite.formulaires_post
            if _permis_par_la_matrice(role, destination, scenario["ids"]) is False
        }
    )
    a_verifier = {
        (type_de_page, visite.squelettes[type_de_page]): url
        for type_de_page, (url, _) in visite.pages.items()
        if (type_de_page, visite.squelettes[type_de_page]) not in squelettes_verifies
    }
    duree_exploration = time.monotonic() - debut
    echecs_axe = []
    if a_verifier:
        session = _session(scenario["users"].get(role))
        with serveur_dans_la_transaction() as serveur:
            echecs_axe = chromium.accessibilite(serveur, sorted(a_verifier.values()), session)
        squelettes_verifies.update(a_verifier)
    print(
        f"\n{role} : {len(visite.pages)} types de pages lus, {len(visite.statuts)} liens suivis "
        f"({duree_exploration:.1f} s), {len(a_verifier)} pages vérifiées par axe-core "
        f"({time.monotonic() - debut - duree_exploration:.1f} s)"
    )

    assert not visite.erreurs, (
        f"{role} : liens ou formulaires menant à une erreur (url, statut, page) : {visite.erreurs}"
    )
    assert not non_atteintes, (
        f"{role} : pages permises par la matrice qu'aucun clic n'atteint (nom, url) : {non_atteintes}"
    )
    assert not refus_post, f"{role} : formulaires POST montrés vers une action refusée (cible, page) : {refus_post}"
    assert not echecs_axe, f"{role} : violations axe-core graves ou critiques :\n" + "\n".join(echecs_axe)


def test_chaque_exception_sert_encore(scenario, visites):
    """An exception is removed once its page is reached (or the matrix no longer opens it to the role)."""
    inutiles = []
    for (qui, nom), _raison in EXCEPTIONS.items():
        roles = ROLES if qui == "*" else [qui]
        concernes = [r for r in roles if nom in _pages_permises(r)]
        if not concernes:
            inutiles.append((qui, nom, "la matrice n'ouvre plus cette page"))
            continue
        for role in concernes:
            urls = {url for n, url in _lignes_permises(role, scenario["ids"]) if n == nom}
            if urls <= _explorer(visites, scenario, role).urls_atteintes:
                inutiles.append((role, nom, "atteinte par un clic"))
    assert not inutiles, f"exceptions à retirer de EXCEPTIONS : {inutiles}"
