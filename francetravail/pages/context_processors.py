from django.conf import settings

from francetravail.pages.oidc import boutons_oidc

# A plain dict instead of django-dsfr's DsfrConfig: no query on every page.
SITE_CONFIG = {
    "site_title": settings.SITE_NAME,
    "site_tagline": settings.SITE_TAGLINE,
    "footer_brand_html": "République<br>française",
    "header_brand_html": "République<br>française",
    "accessibility_status": "partiellement conforme",
}


def site(request):
    return {"SITE_CONFIG": SITE_CONFIG, "OIDC_BUTTONS": boutons_oidc()}
