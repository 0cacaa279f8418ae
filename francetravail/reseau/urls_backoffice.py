"""An organisation's administrators manage its professionals, in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from francetravail.reseau.views import conseiller

urlpatterns = [
    path("organisations/<int:pk>/membres/", conseiller.membres, name="membres"),
    path("organisations/<int:pk>/membres/<int:membership_pk>/retirer/", conseiller.retirer, name="retirer_membre"),
    path(
        "organisations/<int:pk>/demandes/<int:membership_pk>/confirmer/",
        conseiller.confirmer,
        name="confirmer_rattachement",
    ),
    path(
        "organisations/<int:pk>/demandes/<int:membership_pk>/refuser/",
        conseiller.refuser,
        name="refuser_rattachement",
    ),
]
