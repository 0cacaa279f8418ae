"""Under /referentiels/communes/: the COG, for the forms' autocomplete."""

from django.urls import path

from francetravail.reseau.views import referentiels

app_name = "communes"

urlpatterns = [
    path("", referentiels.communes, name="recherche"),
]
