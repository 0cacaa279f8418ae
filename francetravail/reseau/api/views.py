"""Reference data of the network through the API: no personal data (no access log), for every caller
with the ``referentiels:read`` scope (a partner's software, an employer's, a professional's session)."""

from django.core.cache import cache
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response

from francetravail.api_erreurs import reponses_erreur
from francetravail.reseau.api.filters import CommuneFilter, OrganisationFilter
from francetravail.reseau.api.serializers import CommuneSerializer, DepartementSerializer, OrganisationSerializer
from francetravail.reseau.models import Commune, Departement, Organisation

_REFUS = "Non connecté, ou jeton sans la portée referentiels:read."
_TROP = "Trop de requêtes : réessayez après le délai de l'en-tête Retry-After."
# The départements change with the COG, once a year: their list is kept an hour in the shared cache.
CLE_DEPARTEMENTS = "api:v1:departements"
DUREE_CACHE = 3600


def schema_referentiel(objet, liste, detail, filtres=True):
    return extend_schema_view(
        list=extend_schema(
            description=liste,
            responses={
                200: OpenApiResponse(objet(many=True), description="Une page de résultats (curseur)."),
                **reponses_erreur(
                    **({"e400": "Filtre invalide."} if filtres else {}),
                    e403=_REFUS,
                    e404="Curseur invalide.",
                    e429=_TROP,
                ),
            },
        ),
        retrieve=extend_schema(
            description=detail,
            responses={
                200: OpenApiResponse(objet, description="L'élément demandé."),
                **reponses_erreur(e403=_REFUS, e404="Inconnu du référentiel.", e429=_TROP),
            },
        ),
    )


@schema_referentiel(
    CommuneSerializer,
    "Les communes du code officiel géographique (INSEE), avec leurs codes postaux, par code INSEE ; filtres : "
    "début du nom, code postal, département.",
    "Une commune, par son code INSEE.",
)
class CommuneViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CommuneSerializer
    filterset_class = CommuneFilter
    portee = "referentiels"
    ordering = ("code_insee",)
    acces_declare = "authentifie"
    queryset = Commune.objects.select_related("departement").order_by("code_insee")


@schema_referentiel(
    DepartementSerializer,
    "Les départements, par code (une seule page : ils sont une centaine).",
    "Un département, par son code.",
    filtres=False,
)
class DepartementViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DepartementSerializer
    portee = "referentiels"
    pagination_class = None
    filter_backends = []
    acces_declare = "authentifie"
    queryset = Departement.objects.select_related("region").order_by("code")

    def list(self, request, *args, **kwargs):
        donnees = cache.get(CLE_DEPARTEMENTS)
        if donnees is None:
            donnees = self.get_serializer(self.get_queryset(), many=True).data
            cache.set(CLE_DEPARTEMENTS, donnees, DUREE_CACHE)
        return Response(donnees)


@schema_referentiel(
    OrganisationSerializer,
    "Les organisations actives du réseau, par identifiant ; filtres : partie du nom, type, département, commune.",
    "Une organisation active du réseau.",
)
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    portee = "referentiels"
    ordering = ("pk",)
    acces_declare = "authentifie"
    queryset = Organisation.objects.filter(actif=True).select_related("departement", "commune").order_by("pk")
