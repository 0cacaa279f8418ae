"""The professionals' side of invitations, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from francetravail.invitations.views import courriers

urlpatterns = [
    path("courriers/", courriers.liste, name="courriers"),
    path("courriers/<int:pk>/lot.pdf", courriers.telecharger, name="courriers_pdf"),
    path("courriers/<int:pk>/imprime/", courriers.imprime, name="courriers_imprime"),
]
