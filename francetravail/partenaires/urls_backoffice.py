"""An organisation's admin manages its API clients, in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from francetravail.partenaires.views import conseiller

urlpatterns = [
    path("organisations/<int:pk>/clients-api/", conseiller.clients, name="clients_api"),
    path("organisations/<int:pk>/clients-api/<int:client_pk>/", conseiller.client, name="client_api"),
    path(
        "organisations/<int:pk>/clients-api/<int:client_pk>/renouveler/",
        conseiller.renouveler,
        name="renouveler_client_api",
    ),
    path(
        "organisations/<int:pk>/clients-api/<int:client_pk>/revoquer/",
        conseiller.revoquer,
        name="revoquer_client_api",
    ),
]
