"""The référent's side, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from francetravail.messagerie.views import conseiller

urlpatterns = [
    path("personnes/<int:pk>/messages/", conseiller.messages_personne, name="messages_personne"),
    path("messages/", conseiller.non_lus, name="messages_non_lus"),
]
