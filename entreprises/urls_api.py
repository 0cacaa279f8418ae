"""Offers and applications in the partners' API, registered under /api/v1/ by ``francetravail/api.py``."""

from entreprises.api.views import CandidatureViewSet, OffreViewSet

# (prefix, viewset, basename): the URL names are « v1:<basename>-… ».
ROUTES = [("offres", OffreViewSet, "offre"), ("candidatures", CandidatureViewSet, "candidature")]
