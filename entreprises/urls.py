"""The employer's space (/entreprise/): the employer's home, attaching to a company by SIRET, the company
page, offers (drafting, submission, closing), the applications received and the immersions hosted.

Offers' steps post to ``…/etape/<name>/`` so that they never shadow another ``offres/<pk>/<something>/`` page.
Matching has no employer route: employers see applications only."""

from django.urls import path

from entreprises.views.employeur import candidatures, clients_api, compte, immersions, offres

app_name = "entreprises"

urlpatterns = [
    # compte
    path("", compte.espace, name="espace"),
    path("rattachement/", compte.rattachement, name="rattachement"),
    path("entreprises/<int:pk>/", compte.entreprise, name="entreprise"),
    path("entreprises/<int:pk>/membres/<int:membre_pk>/", compte.membre, name="membre"),
    path("entreprises/<int:pk>/ecrire/", compte.ecrire, name="ecrire"),
    # logiciels de recrutement (API)
    path("entreprises/<int:pk>/logiciels/", clients_api.clients, name="clients_api"),
    path("entreprises/<int:pk>/logiciels/<int:client_pk>/", clients_api.client, name="client_api"),
    path(
        "entreprises/<int:pk>/logiciels/<int:client_pk>/renouveler/",
        clients_api.renouveler,
        name="renouveler_client_api",
    ),
    path("entreprises/<int:pk>/logiciels/<int:client_pk>/revoquer/", clients_api.revoquer, name="revoquer_client_api"),
    # offres
    path("offres/", offres.liste_employeur, name="offres"),
    path("offres/nouvelle/", offres.nouvelle_employeur, name="offre_nouvelle"),
    path("offres/<int:pk>/", offres.detail_employeur, name="offre"),
    path("offres/<int:pk>/modifier/", offres.modifier_employeur, name="offre_modifier"),
    path("offres/<int:pk>/etape/<slug:etape>/", offres.etape_employeur, name="offre_etape"),
    # candidatures
    path("offres/<int:pk>/candidatures/", candidatures.offre_candidatures, name="offre_candidatures"),
    path("candidatures/<int:pk>/", candidatures.candidature_employeur, name="candidature"),
    path("immersions/", immersions.liste_employeur, name="immersions"),
    path("immersions/<int:pk>/", immersions.immersion_employeur, name="immersion"),
    path("immersions/<int:pk>/convention/", immersions.convention_employeur, name="immersion_convention"),
]
