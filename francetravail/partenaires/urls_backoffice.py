"""An organisation's admin manages its API clients and its webhooks, in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from francetravail.partenaires.views import conseiller, webhooks

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

# Webhooks: subscriptions, their secret, the delivery log and replays (francetravail/partenaires/views/webhooks.py).
urlpatterns += [
    path("organisations/<int:pk>/webhooks/", webhooks.abonnements, name="webhooks"),
    path("organisations/<int:pk>/webhooks/nouveau/", webhooks.nouvel_abonnement, name="webhook_nouveau"),
    path(
        "organisations/<int:pk>/webhooks/<int:abonnement_pk>/secret/",
        webhooks.regenerer_secret,
        name="webhook_secret",
    ),
    path(
        "organisations/<int:pk>/webhooks/<int:abonnement_pk>/desactiver/",
        webhooks.desactiver,
        name="webhook_desactiver",
    ),
    path("organisations/<int:pk>/webhooks/livraisons/", webhooks.livraisons, name="webhook_livraisons"),
    path(
        "organisations/<int:pk>/webhooks/livraisons/<int:livraison_pk>/",
        webhooks.livraison,
        name="webhook_livraison",
    ),
    path(
        "organisations/<int:pk>/webhooks/livraisons/<int:livraison_pk>/rejouer/",
        webhooks.rejouer,
        name="webhook_rejouer",
    ),
]
