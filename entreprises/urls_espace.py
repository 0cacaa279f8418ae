"""The person's side (/mon-espace/emploi/): offers that fit, applications, immersions, job-search profile."""

from django.urls import path

from entreprises.views.espace import appariement, candidatures, immersions

app_name = "emploi"

urlpatterns = [
    # appariement
    path("profil/", appariement.profil, name="profil"),
    path("profil/reprendre/", appariement.reprendre_recherche, name="profil_reprendre"),
    path("offres/", appariement.offres, name="offres"),
    path("offres/<int:pk>/", appariement.offre, name="offre"),
    # candidatures
    path("candidatures/", candidatures.mes_candidatures, name="candidatures"),
    path("candidatures/<int:pk>/retirer/", candidatures.retirer, name="candidature_retirer"),
    path("offres/<int:pk>/postuler/", candidatures.candidater, name="candidater"),
    path("immersions/", immersions.liste_personne, name="immersions"),
    path("immersions/<int:pk>/", immersions.immersion_personne, name="immersion"),
    path("immersions/<int:pk>/convention/", immersions.convention_personne, name="immersion_convention"),
]
