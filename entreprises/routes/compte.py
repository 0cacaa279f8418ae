"""Routes of the employers' side for this area: `employeur` (/entreprise/), `backoffice` (/conseiller/),
`espace` (the person's space, /mon-espace/emploi/). Assembled by entreprises/urls*.py."""

from django.urls import path

from entreprises.views import compte

employeur = [path("", compte.espace, name="espace")]
backoffice = []
espace = []
