"""The person's side, under /mon-espace/orientation/."""

from django.urls import path

from orientation.views import espace

app_name = "orientation"

urlpatterns = [
    path("", espace.pourquoi, name="pourquoi"),
    path("courrier.pdf", espace.courrier, name="courrier"),
    path("accuse-de-reception/<str:jeton>/", espace.accuser_reception, name="accuse"),
]
