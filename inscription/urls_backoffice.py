"""The professionals' side, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from inscription.views import conseiller, flux_departement

urlpatterns = [
    path("inscriptions/nouvelle/", conseiller.nouvelle, name="inscription_nouvelle"),
    path("personnes/<int:pk>/inscription/<slug:slug>/", conseiller.etape, name="inscription_etape"),
    path("personnes/<int:pk>/accompagnement/terminer/", conseiller.terminer, name="terminer_accompagnement"),
    path("personnes/<int:pk>/accompagnement/rouvrir/", conseiller.rouvrir, name="rouvrir_accompagnement"),
    path("flux/<str:code>/droits-absents/", flux_departement.droits_absents, name="droits_absents"),
    path("flux/<str:code>/droits-absents/<int:pk>/examiner/", flux_departement.examiner, name="examiner_droit_absent"),
    path("flux/<str:code>/reglages/", flux_departement.reglages, name="reglages_flux"),
]
