"""The person's side, under /mon-espace/diagnostic/."""

from django.urls import path

from diagnostic.views import espace

app_name = "diagnostic"

urlpatterns = [
    path("", espace.consulter, name="consulter"),
]
