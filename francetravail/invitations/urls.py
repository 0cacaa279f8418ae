"""The booking link, open to anyone holding it (/rdv/): no account, an identity check first."""

from django.urls import path

from francetravail.invitations.views import public

app_name = "invitations"

urlpatterns = [
    path("<str:jeton>/", public.lien, name="lien"),
    path("<str:jeton>/reserver/", public.reserver, name="reserver"),
    path("<str:jeton>/rendez-vous/", public.confirmation, name="confirmation"),
    path("<str:jeton>/rendez-vous.ics", public.calendrier, name="calendrier"),
    path("<str:jeton>/rendez-vous/annuler/", public.annuler, name="annuler"),
    path("<str:jeton>/espace/", public.espace, name="espace"),
    path("<str:jeton>/rappel/", public.rappel, name="rappel"),
]
