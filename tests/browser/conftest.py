"""A real Chromium (Playwright, /usr/bin/chromium, never a downloaded browser)
against the application served over HTTP from a thread of the test process.

The server thread has its own database connections, so the data it must see is
really committed (``base_validee``); every page is checked with axe-core.
"""

import os
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.test.testcases import LiveServerThread

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
IMPACTS_BLOQUANTS = {"serious", "critical"}


@pytest.fixture
def serveur_web(base_validee, smtp_sink, monkeypatch, settings):
    """The application on a free local port, which is the service's address (SITE_URL, the links
    of its e-mails); its mail goes to the real SMTP sink."""
    # Playwright's synchronous API keeps an event loop in this thread: the ORM calls
    # the test makes between two browser steps are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    thread = LiveServerThread("127.0.0.1", StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    settings.SITE_URL = f"http://127.0.0.1:{thread.port}"
    try:
        yield settings.SITE_URL
    finally:
        thread.terminate()


@pytest.fixture
def navigateur():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} introuvable : apt-get install -y chromium (voir .ci/run).")
    if not AXE.exists():
        pytest.fail(f"{AXE} introuvable : npm install (make venv l'installe quand npm est présent).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        # axe-core is injected as an inline script: the page's CSP would block it.
        context = browser.new_context(bypass_csp=True, locale="fr-FR")
        context.set_default_timeout(15_000)
        page = context.new_page()
        erreurs = []
        page.on("pageerror", lambda exc: erreurs.append(str(exc)))
        page.erreurs_js = erreurs
        try:
            yield page
        finally:
            context.close()
            browser.close()


def verifier_accessibilite(page):
    """Runs axe-core on the current page; fails on serious or critical violations."""
    # A context may load axe-core in every page beforehand (add_init_script): 650 kB less to inject.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(v => ({
            id: v.id, impact: v.impact, aide: v.help,
            noeuds: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
        }))"""
    )
    bloquantes = [v for v in violations if v["impact"] in IMPACTS_BLOQUANTS]
    assert not bloquantes, f"axe-core sur {page.url} : {bloquantes}"
    assert not page.erreurs_js, f"erreurs JavaScript sur {page.url} : {page.erreurs_js}"
    return violations


def lien_dans(texte):
    return re.search(r"https?://\S+", texte).group(0)
