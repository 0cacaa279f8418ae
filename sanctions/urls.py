"""The person's side, under /mon-espace/sanctions/."""

from django.urls import path

from sanctions.views import espace, fin_droit

app_name = "sanctions"

urlpatterns = [
    path("", espace.liste, name="liste"),
    path("<int:pk>/", espace.procedure, name="procedure"),
    path("<int:pk>/courriers/<int:courrier_pk>/", espace.courrier, name="courrier"),
    path("<int:pk>/fin-de-droit/recours/", fin_droit.recours_personne, name="recours_fin_droit"),
]
