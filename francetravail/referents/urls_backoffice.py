"""The référents pages, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from francetravail.referents.views import conseiller

urlpatterns = [
    path("referents/<int:pk>/a-attribuer/", conseiller.a_attribuer, name="referents_a_attribuer"),
    path("referents/<int:pk>/equipe/", conseiller.equipe, name="referents_equipe"),
    path("personnes/<int:pk>/referent/", conseiller.referent_personne, name="referent_personne"),
]
