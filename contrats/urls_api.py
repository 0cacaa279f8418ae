"""The contracts' resources in the partners' API, registered under /api/v1/ by ``francetravail/api.py``."""

from contrats.api.views import ContratViewSet

# (prefix, viewset, basename): the URL names are « v1:<basename>-… ».
ROUTES = [("contrats", ContratViewSet, "contrat")]
