"""The diagnostic's resources in the partners' API, registered under /api/v1/ by ``francetravail/api.py``."""

from diagnostic.api.views import DiagnosticViewSet

# (prefix, viewset, basename): the URL names are « v1:<basename>-… ».
ROUTES = [(r"personnes/(?P<personne_pk>[0-9]{1,18})/diagnostic", DiagnosticViewSet, "diagnostic")]
