"""In a real Chromium: a partner's developer reaches the API's changelog from the site's footer, at 1280 and
390 px; axe-core checks the page (the navigation crawl does not follow api- URLs)."""

import pytest

from francetravail.api_versions import VERSIONS
from tests.browser.conftest import verifier_accessibilite

pytestmark = [pytest.mark.browser, pytest.mark.e2e, pytest.mark.no_django_db]


@pytest.mark.parametrize("largeur", [1280, 390])
def test_le_journal_des_changements_depuis_le_pied_de_page(serveur_web, navigateur, largeur):
    page = navigateur
    page.set_viewport_size({"width": largeur, "height": 900})
    page.goto(f"{serveur_web}/")
    page.locator("footer").get_by_role("link", name="API des partenaires").click()

    page.wait_for_url("**/api/changelog/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert VERSIONS[0].numero in page.locator("main").inner_text()
    largeur_du_contenu = page.evaluate("() => document.documentElement.scrollWidth")
    assert largeur_du_contenu <= largeur, "la page déborde horizontalement"
    verifier_accessibilite(page)
