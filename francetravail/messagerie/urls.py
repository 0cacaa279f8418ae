"""The person's side, under /mon-espace/messages/."""

from django.urls import path

from francetravail.messagerie.views import espace

app_name = "messagerie"

urlpatterns = [
    path("", espace.fil, name="fil"),
]
