"""The professionals' side, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from francetravail.rendezvous.views import agendas, conseiller

urlpatterns = [
    path("personnes/<int:pk>/rendez-vous/", conseiller.rendez_vous_personne, name="rendez_vous_personne"),
    path("personnes/<int:pk>/rendez-vous/<int:rdv_pk>/presence/", conseiller.presence, name="presence_rendez_vous"),
    path("personnes/<int:pk>/rendez-vous/<int:rdv_pk>/modifier/", conseiller.modifier, name="modifier_rendez_vous"),
    path(
        "personnes/<int:pk>/rendez-vous/<int:rdv_pk>/calendrier.ics",
        conseiller.calendrier,
        name="calendrier_rendez_vous",
    ),
    path("agendas/", agendas.agendas, name="agendas"),
    path("agendas/nouveau/", agendas.nouvel_agenda, name="agenda_nouveau"),
    path("agendas/semaine/", agendas.semaine, name="agendas_semaine"),
    path("agendas/<int:pk>/", agendas.agenda, name="agenda"),
]
