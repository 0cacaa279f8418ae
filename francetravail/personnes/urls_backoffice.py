"""The back-office URLs of the people around a file (namespace ``backoffice``)."""

from django.urls import path

from francetravail.personnes.views import entourage

urlpatterns = [
    path("personnes/<int:pk>/autour/", entourage.entourage, name="entourage"),
    path("personnes/<int:pk>/autour/<int:implication_pk>/terminer/", entourage.terminer, name="terminer_implication"),
    path("invitations/", entourage.invitations, name="invitations"),
    path("invitations/<int:pk>/", entourage.invitation, name="invitation"),
]
