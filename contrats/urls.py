"""The person's side, under /mon-espace/contrat/."""

from django.urls import path

from contrats.views import espace

app_name = "contrats"

urlpatterns = [
    path("", espace.contrat, name="contrat"),
    path("versions/<int:pk>/", espace.version, name="version"),
    path("versions/<int:pk>/pdf/", espace.version_pdf, name="version_pdf"),
    path("activite/", espace.activite, name="activite"),
]
