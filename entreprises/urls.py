"""The employer's space (/entreprise/), assembled from the areas of entreprises/routes/."""

from entreprises.routes import appariement, candidatures, compte, offres

app_name = "entreprises"

urlpatterns = compte.employeur + offres.employeur + appariement.employeur + candidatures.employeur
