"""The person's side, under /mon-espace/sanctions/."""

from django.urls import path

from sanctions.views import espace

app_name = "sanctions"

urlpatterns = [
    path("", espace.liste, name="liste"),
    path("<int:pk>/", espace.procedure, name="procedure"),
    path("<int:pk>/courriers/<int:courrier_pk>/", espace.courrier, name="courrier"),
    path("<int:pk>/fin-de-droit/recours/", espace.recours_fin_droit, name="recours_fin_droit"),
]
