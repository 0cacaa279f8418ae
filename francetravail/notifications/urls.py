"""The person's side, under /mon-espace/notifications/."""

from django.urls import path

from francetravail.notifications.views import espace

app_name = "notifications"

urlpatterns = [
    path("", espace.liste, name="liste"),
    path("<int:pk>/lue/", espace.lue, name="lue"),
    path("toutes-lues/", espace.toutes_lues, name="toutes_lues"),
]
