"""The référent's side, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from francetravail.messagerie import views

urlpatterns = [
    path("personnes/<int:pk>/messages/", views.messages_personne, name="messages_personne"),
    path("messages/", views.non_lus, name="messages_non_lus"),
]
