"""The person's side, under /mon-espace/rendez-vous/."""

from django.urls import path

from francetravail.rendezvous.views import espace

app_name = "rendezvous"

urlpatterns = [
    path("", espace.liste, name="liste"),
    path("<int:pk>/choisir/", espace.choisir, name="choisir"),
    path("<int:pk>/annuler/", espace.annuler, name="annuler"),
    path("<int:pk>/deplacer/", espace.deplacer, name="deplacer"),
    path("<int:pk>/justificatif/", espace.justificatif, name="justificatif"),
    path("<int:pk>/calendrier.ics", espace.calendrier, name="calendrier"),
]
