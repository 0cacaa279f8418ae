"""The orientation decisions in the partners' API, mounted under /api/v1/ by ``francetravail/api.py``."""

from rest_framework.routers import SimpleRouter

from orientation.api.views import DecisionViewSet

router = SimpleRouter()
router.register("orientations", DecisionViewSet, basename="orientation")

urlpatterns = router.urls
