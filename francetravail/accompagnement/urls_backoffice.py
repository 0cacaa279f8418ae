"""Modalities and team loads, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from francetravail.accompagnement.views import conseiller

urlpatterns = [
    path("personnes/<int:pk>/modalite/", conseiller.modalite_personne, name="modalite_personne"),
    path("equipe/charge/", conseiller.charge_equipe, name="charge_equipe"),
]
