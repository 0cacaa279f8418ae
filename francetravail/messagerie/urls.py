"""The person's side, under /mon-espace/messages/."""

from django.urls import path

from francetravail.messagerie import views

app_name = "messagerie"

urlpatterns = [
    path("", views.fil, name="fil"),
]
