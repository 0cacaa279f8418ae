"""The professionals' side, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from diagnostic.views import conseiller

urlpatterns = [
    path("personnes/<int:pk>/diagnostic/", conseiller.diagnostic, name="diagnostic"),
    path("personnes/<int:pk>/diagnostic/historique/", conseiller.historique, name="diagnostic_historique"),
    path(
        "personnes/<int:pk>/diagnostic/pieces-justificatives/nouvelle/",
        conseiller.joindre_piece,
        name="diagnostic_piece",
    ),
    path(
        "personnes/<int:pk>/diagnostic/historique/<slug:section>/",
        conseiller.difference,
        name="diagnostic_difference",
    ),
    path("personnes/<int:pk>/diagnostic/<slug:section>/", conseiller.section, name="diagnostic_section"),
]
