"""The ROME through the API: reference data, no personal data (no access log)."""

from rest_framework import viewsets

from francetravail.reseau.api.views import schema_referentiel
from francetravail.rome.api.filters import MetierFilter
from francetravail.rome.api.serializers import MetierSerializer
from francetravail.rome.models import FicheRome


@schema_referentiel(
    MetierSerializer,
    "Les fiches métier du ROME, par code ; recherche par code ou par intitulé (celui d'une fiche ou d'une de "
    "ses appellations), comme la saisie d'un métier sur le site.",
    "Une fiche métier, par son code ROME.",
)
class MetierViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = MetierSerializer
    filterset_class = MetierFilter
    portee = "referentiels"
    ordering = ("code_rome",)
    acces_declare = "authentifie"
    queryset = FicheRome.objects.select_related("domaine").order_by("code_rome")
