"""The professionals' side of invitations, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from francetravail.invitations.views import formulations

urlpatterns = [
    # A département's wording (« suivi »): its conseil départemental's administrators and pilotes.
    path("formulations/", formulations.accueil, name="formulations_accueil"),
    path("formulations/<str:departement>/", formulations.liste, name="formulations"),
    path("formulations/<str:departement>/<str:cle>/", formulations.formulation, name="formulation"),
    path("formulations/<str:departement>/<str:cle>/national/", formulations.national, name="formulation_national"),
]
