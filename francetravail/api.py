"""Versioned REST API for partners' software (/api/v1/).

Like the root URLconf, this module is the composition root of the API: it takes each app's
routes from their ``urls_api.py`` (``ROUTES``: prefix, viewset, basename), as
``tests/test_architecture.py`` allows its COMPOSITION modules.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from oauth2_provider.views import TokenView
from rest_framework.routers import APIRootView, DefaultRouter

from contrats.urls_api import ROUTES as ROUTES_CONTRATS
from diagnostic.urls_api import ROUTES as ROUTES_DIAGNOSTIC
from entreprises.urls_api import ROUTES as ROUTES_ENTREPRISES
from francetravail.personnes.api.views import PersonneViewSet
from francetravail.rendezvous.api.views import AgendaViewSet, CreneauViewSet, RendezVousViewSet, SuiviViewSet
from sanctions.urls_api import ROUTES as ROUTES_SANCTIONS


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
# The domain apps' resources, each declared in its urls_api.py (the core imports no other code of theirs).
for _prefixe, _vue, _basename in [*ROUTES_DIAGNOSTIC, *ROUTES_CONTRATS, *ROUTES_SANCTIONS, *ROUTES_ENTREPRISES]:
    router_v1.register(_prefixe, _vue, basename=_basename)


class SchemaView(SpectacularAPIView):
    acces_declare = "public"


class DocsView(SpectacularSwaggerSplitView):
    acces_declare = "public"


class JetonView(TokenView):
    """OAuth2 token endpoint (client credentials): the client's id and secret give a bearer token."""

    acces_declare = "public"


urlpatterns = [
    path("oauth/token/", JetonView.as_view(), name="api-jeton"),
    path("v1/", include((router_v1.urls, "v1"), namespace="v1")),
    path("schema/", SchemaView.as_view(api_version="v1"), name="api-schema"),
    path("docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
]
