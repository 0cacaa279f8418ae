"""The deciders' side, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from orientation.views import conseiller

urlpatterns = [
    path("orientations/", conseiller.file, name="orientations"),
    path("personnes/<int:pk>/orientation/", conseiller.orientation_personne, name="orientation_personne"),
    path("personnes/<int:pk>/orientation/courrier.pdf", conseiller.courrier, name="orientation_courrier"),
    path("personnes/<int:pk>/demenagement/", conseiller.demenagement, name="demenagement"),
]
