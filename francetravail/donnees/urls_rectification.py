"""Rectification requests, in the person's space (mounted under mon-espace/mes-donnees/)."""

from django.urls import path

from francetravail.donnees.views import rectification

urlpatterns = [
    path("rectification/", rectification.demander, name="rectification_demander"),
    path("rectification/<int:pk>/", rectification.demande, name="rectification"),
]
