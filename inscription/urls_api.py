"""The registration's resources in the partners' API, mounted under /api/v1/ by ``francetravail/api.py``."""

from rest_framework.routers import SimpleRouter

from inscription.api.views import InscriptionViewSet
from inscription.api.views_flux import ImportFluxViewSet

router = SimpleRouter()
router.register(r"personnes/(?P<personne_pk>[0-9]{1,18})/inscription", InscriptionViewSet, basename="inscription")
router.register("flux-caf", ImportFluxViewSet, basename="flux-caf")

urlpatterns = router.urls
