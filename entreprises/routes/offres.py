"""Routes of the employers' side for this area: `employeur` (/entreprise/), `backoffice` (/conseiller/),
`espace` (the person's space, /mon-espace/emploi/). Assembled by entreprises/urls*.py.

Offers (drafting, submission through the compliance check, review, publication, closing) and the
conseillers' follow-up tasks. Steps post to ``…/etape/<name>/`` so that they never shadow another
area's ``offres/<pk>/<something>/`` pages."""

from django.urls import path

from entreprises.views import offres

employeur = [
    path("offres/", offres.liste_employeur, name="offres"),
    path("offres/nouvelle/", offres.nouvelle_employeur, name="offre_nouvelle"),
    path("offres/<int:pk>/", offres.detail_employeur, name="offre"),
    path("offres/<int:pk>/modifier/", offres.modifier_employeur, name="offre_modifier"),
    path("offres/<int:pk>/etape/<slug:etape>/", offres.etape_employeur, name="offre_etape"),
]
backoffice = [
    path("offres/", offres.liste_reseau, name="offres"),
    path("offres/a-valider/", offres.a_valider_reseau, name="offres_a_valider"),
    path("offres/<int:pk>/", offres.detail_reseau, name="offre"),
    path("offres/<int:pk>/modifier/", offres.modifier_reseau, name="offre_modifier"),
    path("offres/<int:pk>/etape/<slug:etape>/", offres.etape_reseau, name="offre_etape"),
    path("entreprises/<int:pk>/offres/nouvelle/", offres.nouvelle_reseau, name="offre_nouvelle"),
    path("taches-entreprises/", offres.taches_reseau, name="taches_entreprises"),
    path("taches-entreprises/<int:pk>/faite/", offres.tache_faite, name="tache_entreprise_faite"),
]
espace = []
