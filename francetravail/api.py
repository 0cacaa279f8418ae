"""Versioned REST API for partners' software (/api/v1/)."""

from django.urls import include, path
from django.utils.module_loading import import_string
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from oauth2_provider.views import TokenView
from rest_framework.routers import APIRootView, DefaultRouter

from francetravail.api_ressources import RESSOURCES
from francetravail.personnes.api.views import PersonneViewSet


class RacineAPI(APIRootView):
    """Lists the API's resources to any logged-in caller (DRF's default IsAuthenticated)."""

    acces_declare = "authentifie"


router_v1 = DefaultRouter()
router_v1.APIRootView = RacineAPI
router_v1.register("personnes", PersonneViewSet, basename="personne")
# The domain apps' resources, declared in their AppConfig.ready() (francetravail/api_ressources.py).
for _prefixe, (_vue, _basename) in sorted(RESSOURCES.items()):
    router_v1.register(_prefixe, import_string(_vue), basename=_basename)


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
