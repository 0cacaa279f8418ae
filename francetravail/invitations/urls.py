"""The booking link, open to anyone holding it (/rdv/): no account, an identity check first."""

from django.urls import path

from francetravail.invitations.views import public

app_name = "invitations"

urlpatterns = [
    path("<str:jeton>/", public.lien, name="lien"),
]
