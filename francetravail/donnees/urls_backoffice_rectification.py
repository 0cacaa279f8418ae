"""The rectification requests' queue, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from francetravail.donnees.views import rectification_conseiller

urlpatterns = [
    path("rectifications/", rectification_conseiller.file, name="rectifications"),
    path("rectifications/<int:pk>/", rectification_conseiller.demande, name="rectification"),
    path(
        "rectifications/<int:pk>/prolonger/",
        rectification_conseiller.prolonger,
        name="rectification_prolonger",
    ),
]
