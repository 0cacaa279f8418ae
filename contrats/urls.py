"""The person's side, under /mon-espace/contrat/."""

app_name = "contrats"

urlpatterns = []
