"""Routes of the employers' side for this area: `employeur` (/entreprise/), `backoffice` (/conseiller/),
`espace` (the person's space, /mon-espace/emploi/). Assembled by entreprises/urls*.py.

Applications, immersions (PMSMP) and the pilotes' indicators."""

from django.urls import path

from entreprises.views import candidatures, immersions, indicateurs

employeur = [
    path("offres/<int:pk>/candidatures/", candidatures.offre_candidatures, name="offre_candidatures"),
    path("candidatures/<int:pk>/", candidatures.candidature_employeur, name="candidature"),
    path("immersions/", immersions.liste_employeur, name="immersions"),
    path("immersions/<int:pk>/", immersions.immersion_employeur, name="immersion"),
    path("immersions/<int:pk>/convention/", immersions.convention_employeur, name="immersion_convention"),
]
backoffice = [
    path(
        "offres/<int:pk>/mettre-en-relation/<int:personne_pk>/",
        candidatures.mettre_en_relation,
        name="mettre_en_relation",
    ),
    path("candidatures/<int:pk>/", candidatures.candidature_reseau, name="candidature"),
    path("personnes/<int:pk>/candidatures/", candidatures.candidatures_personne, name="candidatures_personne"),
    path("immersions/", immersions.liste_reseau, name="immersions"),
    path("immersions/<int:pk>/", immersions.immersion_reseau, name="immersion"),
    path("immersions/<int:pk>/convention/", immersions.convention_reseau, name="immersion_convention"),
    path("personnes/<int:pk>/immersions/nouvelle/", immersions.nouvelle, name="immersion_nouvelle"),
    path("indicateurs/entreprises/", indicateurs.tableau, name="indicateurs_entreprises"),
]
espace = [
    path("candidatures/", candidatures.mes_candidatures, name="candidatures"),
    path("candidatures/<int:pk>/retirer/", candidatures.retirer, name="candidature_retirer"),
    path("offres/<int:pk>/postuler/", candidatures.candidater, name="candidater"),
    path("immersions/", immersions.liste_personne, name="immersions"),
    path("immersions/<int:pk>/", immersions.immersion_personne, name="immersion"),
    path("immersions/<int:pk>/convention/", immersions.convention_personne, name="immersion_convention"),
]
