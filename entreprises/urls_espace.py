"""The person's side (/mon-espace/emploi/): offers that fit, applications, immersions, job-search profile."""

from entreprises.routes import appariement, candidatures, compte, offres

app_name = "emploi"

urlpatterns = compte.espace + offres.espace + appariement.espace + candidatures.espace
