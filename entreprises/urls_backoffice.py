"""The network's side of the employers' area, included in the ``backoffice`` namespace (/conseiller/):
companies, offers and their review, the conseillers' follow-up tasks, matching, applications,
immersions (PMSMP) and the pilotes' indicators."""

from django.urls import path

from entreprises.views.conseiller import appariement, candidatures, compte, immersions, indicateurs, offres

urlpatterns = [
    # compte
    path("entreprises/", compte.backoffice_entreprises, name="entreprises"),
    path("entreprises/<int:pk>/", compte.backoffice_entreprise, name="entreprise"),
    path("entreprises/<int:pk>/referent/", compte.backoffice_referent, name="entreprise_referent"),
    # offres
    path("offres/", offres.liste_reseau, name="offres"),
    path("offres/a-valider/", offres.a_valider_reseau, name="offres_a_valider"),
    path("offres/<int:pk>/", offres.detail_reseau, name="offre"),
    path("offres/<int:pk>/modifier/", offres.modifier_reseau, name="offre_modifier"),
    path("offres/<int:pk>/etape/<slug:etape>/", offres.etape_reseau, name="offre_etape"),
    path("entreprises/<int:pk>/offres/nouvelle/", offres.nouvelle_reseau, name="offre_nouvelle"),
    path("taches-entreprises/", offres.taches_reseau, name="taches_entreprises"),
    path("taches-entreprises/<int:pk>/faite/", offres.tache_faite, name="tache_entreprise_faite"),
    # appariement
    path("offres/<int:pk>/candidats/", appariement.offre_candidats, name="offre_candidats"),
    path("personnes/<int:pk>/recherche-emploi/", appariement.profil_recherche, name="profil_recherche"),
    path("personnes/<int:pk>/offres/", appariement.offres_pour_personne, name="offres_pour_personne"),
    path(
        "personnes/<int:pk>/recherche-emploi/reprendre/",
        appariement.reprendre_recherche_reseau,
        name="profil_recherche_reprendre",
    ),
    # candidatures
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
