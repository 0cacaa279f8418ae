"""Routes of the employers' side for this area: `employeur` (/entreprise/), `backoffice` (/conseiller/),
`espace` (the person's space, /mon-espace/emploi/). Assembled by entreprises/urls*.py.

Companies and their members: the employer's home, attaching to a company by SIRET, the company page
(details, members, conseillers); the network's list of companies and company page."""

from django.urls import path

from entreprises.views import compte

employeur = [
    path("", compte.espace, name="espace"),
    path("rattachement/", compte.rattachement, name="rattachement"),
    path("entreprises/<int:pk>/", compte.entreprise, name="entreprise"),
    path("entreprises/<int:pk>/membres/<int:membre_pk>/", compte.membre, name="membre"),
    path("entreprises/<int:pk>/ecrire/", compte.ecrire, name="ecrire"),
]
backoffice = [
    path("entreprises/", compte.backoffice_entreprises, name="entreprises"),
    path("entreprises/<int:pk>/", compte.backoffice_entreprise, name="entreprise"),
    path("entreprises/<int:pk>/referent/", compte.backoffice_referent, name="entreprise_referent"),
]
espace = []
