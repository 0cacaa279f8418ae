"""Manquements and procedures in the partners' API, registered under /api/v1/ by ``francetravail/api.py``."""

from sanctions.api.views import ManquementViewSet, ProcedureViewSet

# (prefix, viewset, basename): the URL names are « v1:<basename>-… ».
ROUTES = [("procedures", ProcedureViewSet, "procedure"), ("manquements", ManquementViewSet, "manquement")]
