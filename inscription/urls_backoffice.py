"""The professionals' side, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from inscription.views import conseiller, flux, flux_departement

urlpatterns = [
    path("inscriptions/nouvelle/", conseiller.nouvelle, name="inscription_nouvelle"),
    path("personnes/<int:pk>/inscription/<slug:slug>/", conseiller.etape, name="inscription_etape"),
    path("personnes/<int:pk>/accompagnement/terminer/", conseiller.terminer, name="terminer_accompagnement"),
    path("personnes/<int:pk>/accompagnement/rouvrir/", conseiller.rouvrir, name="rouvrir_accompagnement"),
    # A département's CAF/MSA flows, by its staff (inscription/views/flux.py).
    path("flux-caf/", flux.accueil, name="flux_caf_accueil"),
    path("flux-caf/<str:departement>/", flux.imports, name="flux_caf"),
    path("flux-caf/<str:departement>/televerser/", flux.televerser, name="flux_caf_televerser"),
    path("flux-caf/<str:departement>/apercu/<str:jeton>/", flux.apercu, name="flux_caf_apercu"),
    path("flux-caf/<str:departement>/apercu/<str:jeton>/colonnes/", flux.associer, name="flux_caf_associer"),
    path("flux-caf/<str:departement>/apercu/<str:jeton>/importer/", flux.importer, name="flux_caf_importer"),
    path("flux-caf/<str:departement>/apercu/<str:jeton>/abandonner/", flux.abandonner, name="flux_caf_abandonner"),
    path("flux-caf/<str:departement>/imports/<int:pk>/", flux.import_flux, name="flux_caf_import"),
    path("flux-caf/<str:departement>/imports/<int:pk>/rapport.csv", flux.rapport, name="flux_caf_rapport"),
    path("flux-caf/<str:departement>/correspondances/", flux.correspondances, name="flux_caf_correspondances"),
    path(
        "flux-caf/<str:departement>/correspondances/nouvelle/",
        flux.nouvelle_correspondance,
        name="flux_caf_correspondance_nouvelle",
    ),
    path(
        "flux-caf/<str:departement>/correspondances/<int:pk>/",
        flux.correspondance,
        name="flux_caf_correspondance",
    ),
    path("flux-caf/<str:departement>/correspondances/<int:pk>/copier/", flux.copier, name="flux_caf_copier"),
    # The rights a monthly stock no longer lists, the flow settings (inscription/views/flux_departement.py).
    path("flux-caf/<str:departement>/droits-absents/", flux_departement.droits_absents, name="droits_absents"),
    path(
        "flux-caf/<str:departement>/droits-absents/<int:pk>/examiner/",
        flux_departement.examiner,
        name="examiner_droit_absent",
    ),
    path("flux-caf/<str:departement>/reglages/", flux_departement.reglages, name="reglages_flux"),
]
