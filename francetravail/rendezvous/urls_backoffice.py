"""The professionals' side, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from francetravail.rendezvous.views import conseiller

urlpatterns = [
    path("personnes/<int:pk>/rendez-vous/", conseiller.rendez_vous_personne, name="rendez_vous_personne"),
    path("personnes/<int:pk>/rendez-vous/<int:rdv_pk>/presence/", conseiller.presence, name="presence_rendez_vous"),
    path("personnes/<int:pk>/rendez-vous/<int:rdv_pk>/modifier/", conseiller.modifier, name="modifier_rendez_vous"),
    path("agendas/", conseiller.agendas, name="agendas"),
    path("agendas/<int:pk>/", conseiller.agenda, name="agenda"),
]
