"""Navigation that never dead-ends, for every role of the permission matrix.

Each role starts from its dashboard (where ``pages:apres_connexion`` sends it; the anonymous
visitor from the home page) and follows what a person can click: links, GET forms
(``tests/browser/exploration.py``), on the permission matrix's scenario
(``tests/test_permission_matrix.py``). Then:

(a) every page the role may use according to the matrix (its GET rows) is reached by
    clicking, except the pages of ``EXCEPTIONS`` (each with its reason: the list can only
    shrink, ``test_chaque_exception_sert_encore`` fails for an exception no longer needed);
(b) no link or GET form shown leads to an error (403, 404, 500…), and no POST form is shown
    whose target the matrix refuses to the role (checked where the matrix has a row for that
    very object);
(c) in a real Chromium, axe-core finds no serious or critical violation on any type of page
    the role reached (the first page of each type and role; a page whose skeleton — tags,
    attributes that shape it, where text is — was already checked for another role is not
    checked again: the rules would answer the same).

The crawl uses Django's test client (fast); the browser, logged in through the real login
pages (second factor for professionals), opens one page per type. The server shares the
test's transaction (``tests/browser/serveur_partage.py``): nothing is committed.
"""

import contextlib
import os
import time

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import sync_playwright

from tests.browser.conftest import AXE, CHROMIUM, verifier_accessibilite
from tests.browser.exploration import explorer
from tests.browser.serveur_partage import serveur_dans_la_transaction
from tests.factories import MOT_DE_PASSE, code_totp
from tests.test_permission_matrix import (
    MATRICE,
    PROS,
    ROLES,
    _dossier_media,  # noqa: F401 — the matrix's scenario and its fixtures
    _media_du_scenario,  # noqa: F401
    _scenario_du_module,  # noqa: F401
)

pytestmark = [pytest.mark.browser]

# Pages of the matrix no click reaches, (role or "*", url name) -> why. Only shrink this list.
EXCEPTIONS = {
    ("*", "healthz"): "sonde de supervision (JSON), pas une page du service",
    ("*", "api-schema"): "schéma OpenAPI de l'API, lu par des programmes",
    ("*", "api-docs"): "documentation de l'API pour les développeurs, hors de la navigation du service",
    (
        "*",
        "rome:appellations",
    ): "données (JSON) de l'autocomplétion des métiers, appelées par le script des formulaires",
    ("conseiller", "backoffice:diagnostic_difference"): (
        "aucune section du diagnostic de P n'a deux versions dans le scénario : pas de lien « Voir les changements »"
    ),
    ("decideur_departemental", "backoffice:diagnostic_difference"): "idem",
    ("equipe_pluridisciplinaire", "backoffice:diagnostic_difference"): "idem",
    ("conseiller", "backoffice:mettre_en_relation"): (
        "les candidats classés d'une offre viennent des profils de recherche ; P n'en a pas et est déjà mis en relation"
    ),
    ("conseiller", "backoffice:modifier_rendez_vous"): (
        "le rendez-vous de P est passé : on n'en saisit que la présence (déplacer ne vaut que pour un rendez-vous à venir)"
    ),
    ("personne", "emploi:offre"): (
        "les offres proposées à la personne viennent de son profil de recherche, qu'elle n'a pas dans le scénario"
    ),
    ("personne", "emploi:candidater"): "idem, et elle a déjà candidaté à l'offre publiée",
}
KINDS_PAGES = {"page", "public", "suite"}


def _pages_permises(role):
    return {
        nom for nom, _, methode, kind, permis in MATRICE if methode == "get" and kind in KINDS_PAGES and role in permis
    }


def _urls_permises(role, ids):
    """The very objects of the matrix's GET rows open to ``role`` (P's file, P's contract…)."""
    return frozenset(
        reverse(nom, kwargs={k: ids[v] for k, v in kwargs.items()})
        for nom, kwargs, methode, kind, permis in MATRICE
        if methode == "get" and kind in KINDS_PAGES and role in permis
    )


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


@contextlib.contextmanager
def chromium():
    """The page of ``tests/browser/conftest.py: navigateur``, opened when the test needs it; axe-core is
    loaded in every page beforehand (``verifier_accessibilite`` then does not inject it again)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} introuvable : apt-get install -y chromium (voir .ci/run).")
    if not AXE.exists():
        pytest.fail(f"{AXE} introuvable : npm install (make venv l'installe quand npm est présent).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        context = browser.new_context(bypass_csp=True, locale="fr-FR")
        context.set_default_timeout(15_000)
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        page.erreurs_js = []
        page.on("pageerror", lambda exc: page.erreurs_js.append(str(exc)))
        try:
            yield page
        finally:
            context.close()
            browser.close()


def _connecter(page, serveur, user, professionnel):
    page.goto(f"{serveur}/comptes/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", MOT_DE_PASSE)
    page.locator("main").get_by_role("button", name="Se connecter", exact=True).click()
    page.wait_for_load_state("load")
    if professionnel:
        page.fill("input[name=code]", code_totp())
        page.locator("main").get_by_role("button", name="Valider", exact=True).click()
        page.wait_for_load_state("load")
    assert "/comptes/" not in page.url, f"connexion refusée : {page.url}"


def _accessibilite(page, serveur, role, urls, user):
    """axe-core on each URL; the failures of every page (not only the first)."""
    echecs = []
    if role != "anonyme":
        _connecter(page, serveur, user, role in PROS)
    for url in urls:
        page.goto(serveur + url)
        try:
            verifier_accessibilite(page)
        except AssertionError as exc:
            echecs.append(str(exc))
        page.erreurs_js.clear()
    return echecs


@pytest.mark.parametrize("role", ROLES)
def test_navigation_sans_impasse(scenario, visites, squelettes_verifies, role):
    debut = time.monotonic()
    visite = _explorer(visites, scenario, role)

    non_atteintes = _pages_permises(role) - _exceptions(role) - visite.noms_atteints
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
        # The crawl first: once Playwright's event loop runs in this thread, the ORM would open
        # another connection here (outside the scenario's transaction). The server keeps this one.
        with serveur_dans_la_transaction() as serveur, chromium() as page:
            echecs_axe = _accessibilite(page, serveur, role, sorted(a_verifier.values()), scenario["users"].get(role))
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
        f"{role} : pages permises par la matrice qu'aucun clic n'atteint : {sorted(non_atteintes)}"
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
            if nom in _explorer(visites, scenario, role).noms_atteints:
                inutiles.append((role, nom, "atteinte par un clic"))
    assert not inutiles, f"exceptions à retirer de EXCEPTIONS : {inutiles}"
