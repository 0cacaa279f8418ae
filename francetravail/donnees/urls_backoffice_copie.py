"""The copy of a person's file asked by their référent, in the back-office (/conseiller/)."""

from django.urls import path

from francetravail.donnees.views import copie

urlpatterns = [
    path("personnes/<int:pk>/copie-du-dossier/", copie.demander_pour_la_personne, name="copie_dossier"),
]
