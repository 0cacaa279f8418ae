"""The professionals' side, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from inscription.views import conseiller

urlpatterns = [
    path("inscriptions/nouvelle/", conseiller.nouvelle, name="inscription_nouvelle"),
    path("personnes/<int:pk>/inscription/<slug:slug>/", conseiller.etape, name="inscription_etape"),
    path("personnes/<int:pk>/accompagnement/terminer/", conseiller.terminer, name="terminer_accompagnement"),
    path("personnes/<int:pk>/accompagnement/rouvrir/", conseiller.rouvrir, name="rouvrir_accompagnement"),
]
