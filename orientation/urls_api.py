"""The orientation decisions in the partners' API, registered under /api/v1/ by ``francetravail/api.py``."""

from orientation.api.views import DecisionViewSet

# (prefix, viewset, basename): the URL names are « v1:<basename>-… ».
ROUTES = [("orientations", DecisionViewSet, "orientation")]
