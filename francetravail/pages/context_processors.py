from django.conf import settings

from francetravail.pages.oidc import boutons_oidc

# A plain dict instead of django-dsfr's DsfrConfig: no query on every page.
SITE_CONFIG = {
    "site_title": settings.SITE_NAME,
    "site_tagline": settings.SITE_TAGLINE,
    "footer_brand_html": "République<br>française",
    "header_brand_html": "République<br>française",
    # No RGAA audit has been carried out yet: the law requires "non conforme" until one is.
    "accessibility_status": "non conforme",
}


# The space a page belongs to follows its URL namespace; it chooses the header
# badge and the menu of base.html.
ESPACES = {"backoffice": "backoffice", "entreprises": "entreprise"}


def site(request):
    match = getattr(request, "resolver_match", None)
    return {
        "SITE_CONFIG": SITE_CONFIG,
        "OIDC_BUTTONS": boutons_oidc(),
        "ESPACE": ESPACES.get(match.namespace if match else "", "public"),
    }
