"""The control teams' and deciders' side, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from sanctions.views import conseiller, pilotage

urlpatterns = [
    path("sanctions/", conseiller.file, name="sanctions"),
    path("sanctions/tableau/", pilotage.tableau, name="sanctions_tableau"),
    path("sanctions/<int:pk>/", conseiller.procedure, name="sanction"),
    path("sanctions/<int:pk>/courriers/<int:courrier_pk>/", conseiller.courrier, name="sanction_courrier"),
    path("sanctions/<int:pk>/<slug:etape>/", conseiller.etape, name="sanction_etape"),
    path("personnes/<int:pk>/manquements/signaler/", conseiller.signaler, name="manquement_signaler"),
]
