"""A professional's side, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from francetravail.notifications.views import conseiller, personne

urlpatterns = [
    path("notifications/", conseiller.liste, name="notifications"),
    path("notifications/<int:pk>/lue/", conseiller.lue, name="notification_lue"),
    path("notifications/toutes-lues/", conseiller.toutes_lues, name="notifications_toutes_lues"),
    path("personnes/<int:pk>/avis/", personne.avis_personne, name="avis_personne"),
]
