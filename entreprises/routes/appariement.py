"""Routes of the employers' side for this area: `employeur` (/entreprise/), `backoffice` (/conseiller/),
`espace` (the person's space, /mon-espace/emploi/). Assembled by entreprises/urls*.py.

Matching has no employer route: employers see applications only (the applications' area)."""

from django.urls import path

from entreprises.views import appariement

employeur = []
backoffice = [
    path("offres/<int:pk>/candidats/", appariement.offre_candidats, name="offre_candidats"),
    path("personnes/<int:pk>/recherche-emploi/", appariement.profil_recherche, name="profil_recherche"),
    path("personnes/<int:pk>/offres/", appariement.offres_pour_personne, name="offres_pour_personne"),
    path(
        "personnes/<int:pk>/recherche-emploi/reprendre/",
        appariement.reprendre_recherche_reseau,
        name="profil_recherche_reprendre",
    ),
]
espace = [
    path("profil/", appariement.profil, name="profil"),
    path("profil/reprendre/", appariement.reprendre_recherche, name="profil_reprendre"),
    path("offres/", appariement.offres, name="offres"),
    path("offres/<int:pk>/", appariement.offre, name="offre"),
]
