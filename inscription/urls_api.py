"""The registration's resources in the partners' API, registered under /api/v1/ by ``francetravail/api.py``."""

from inscription.api.views import InscriptionViewSet
from inscription.api.views_flux import ImportFluxViewSet

# (prefix, viewset, basename): the URL names are « v1:<basename>-… ».
ROUTES = [
    (r"personnes/(?P<personne_pk>[0-9]{1,18})/inscription", InscriptionViewSet, "inscription"),
    ("flux-caf", ImportFluxViewSet, "flux-caf"),
]
