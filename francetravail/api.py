"""Versioned REST API for partners' software (/api/v1/).

Like the root URLconf, this module is the composition root of the API: it takes each app's
routes from their ``urls_api.py`` (``ROUTES``: prefix, viewset, basename), as
``tests/test_architecture.py`` allows its COMPOSITION modules.
"""

from django.shortcuts import render
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from oauth2_provider.views import TokenView
from rest_framework.routers import APIRootView, DefaultRouter

from contrats import urls_api as api_contrats
from diagnostic import urls_api as api_diagnostic
from entreprises import urls_api as api_entreprises
from francetravail.api_versions import MAINTIEN_APRES_VERSION_SUIVANTE_MOIS, VERSIONS
from francetravail.comptes.decorators import public
from francetravail.personnes.api.views import PersonneViewSet
from francetravail.rendezvous.api.views import AgendaViewSet, CreneauViewSet, RendezVousViewSet, SuiviViewSet
from francetravail.reseau.api.views import CommuneViewSet, DepartementViewSet, OrganisationViewSet
from francetravail.rome.api.views import MetierViewSet
from inscription import urls_api as api_inscription
from orientation import urls_api as api_orientation
from sanctions import urls_api as api_sanctions


class RacineAPI(APIRootView):
    """Lists the API's resources to any logged-in caller (DRF's default IsAuthenticated)."""

    acces_declare = "authentifie"


router_v1 = DefaultRouter()
router_v1.APIRootView = RacineAPI
router_v1.register("personnes", PersonneViewSet, basename="personne")
router_v1.register("agendas", AgendaViewSet, basename="agenda")
router_v1.register("creneaux", CreneauViewSet, basename="creneau")
router_v1.register("rendezvous", RendezVousViewSet, basename="rendezvous")
router_v1.register("suivis", SuiviViewSet, basename="suivi")
router_v1.register("referentiels/communes", CommuneViewSet, basename="commune")
router_v1.register("referentiels/departements", DepartementViewSet, basename="departement")
router_v1.register("referentiels/organisations", OrganisationViewSet, basename="organisation")
router_v1.register("referentiels/metiers", MetierViewSet, basename="metier")
# The domain apps' resources, each declared in its urls_api.py (the core imports no other code of theirs).
for _app in (api_inscription, api_orientation, api_diagnostic, api_contrats, api_sanctions, api_entreprises):
    for _prefixe, _vue, _basename in _app.ROUTES:
        router_v1.register(_prefixe, _vue, basename=_basename)


class SchemaView(SpectacularAPIView):
    acces_declare = "public"


class DocsView(SpectacularSwaggerSplitView):
    acces_declare = "public"


class JetonView(TokenView):
    """OAuth2 token endpoint (client credentials): the client's id and secret give a bearer token."""

    acces_declare = "public"


@public
def journal_des_changements(request):
    """The API's versions and what each one changed, for partners' developers (no login)."""
    return render(
        request,
        "api/journal_changements.html",
        {"versions": VERSIONS, "maintien_mois": MAINTIEN_APRES_VERSION_SUIVANTE_MOIS},
    )


urlpatterns = [
    path("oauth/token/", JetonView.as_view(), name="api-jeton"),
    path("v1/", include((router_v1.urls, "v1"), namespace="v1")),
    path("schema/", SchemaView.as_view(api_version="v1"), name="api-schema"),
    path("docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    path("changelog/", journal_des_changements, name="api-changelog"),
]
