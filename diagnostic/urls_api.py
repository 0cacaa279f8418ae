"""The diagnostic's resources in the partners' API, mounted under /api/v1/ by ``francetravail/api.py``."""

from rest_framework.routers import SimpleRouter

from diagnostic.api.views import DiagnosticViewSet

router = SimpleRouter()
router.register(r"personnes/(?P<personne_pk>[0-9]{1,18})/diagnostic", DiagnosticViewSet, basename="diagnostic")

urlpatterns = router.urls
