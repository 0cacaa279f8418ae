"""The providers' callbacks, mounted at /webhooks/ (namespace ``webhooks``)."""

from django.urls import path

from francetravail.notifications.views import webhooks

app_name = "webhooks"

urlpatterns = [
    path("remise/sms/", webhooks.remise_sms, name="remise_sms"),
    path("remise/courriel/", webhooks.remise_courriel, name="remise_courriel"),
]
