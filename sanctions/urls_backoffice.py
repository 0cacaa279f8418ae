"""The control teams', deciders' and appeal instructors' side, in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from sanctions.views import conseiller, fin_droit, pilotage, recours

urlpatterns = [
    path("sanctions/", conseiller.file, name="sanctions"),
    path("sanctions/tableau/", pilotage.tableau, name="sanctions_tableau"),
    path("sanctions/fins-de-droit/", fin_droit.file, name="sanctions_fins_droit"),
    path("sanctions/recours/", recours.liste, name="sanctions_recours"),
    path("sanctions/recours/<int:pk>/", recours.recours, name="sanction_recours"),
    path(
        "sanctions/recours/<int:pk>/courriers/<int:courrier_pk>/",
        recours.courrier,
        name="sanction_recours_courrier",
    ),
    path("sanctions/recours/<int:pk>/<slug:etape>/", recours.etape, name="sanction_recours_etape"),
    path("sanctions/<int:pk>/", conseiller.procedure, name="sanction"),
    path("sanctions/<int:pk>/courriers/<int:courrier_pk>/", conseiller.courrier, name="sanction_courrier"),
    # Before the steps' pattern, which would take « fin-de-droit » for a step.
    path("sanctions/<int:pk>/fin-de-droit/", fin_droit.decision, name="sanction_fin_droit"),
    path("sanctions/<int:pk>/<slug:etape>/", conseiller.etape, name="sanction_etape"),
    path("personnes/<int:pk>/manquements/signaler/", conseiller.signaler, name="manquement_signaler"),
]
