"""The person's side, under /mon-espace/sanctions/."""

app_name = "sanctions"

urlpatterns = []
