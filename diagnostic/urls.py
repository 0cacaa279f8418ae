"""The person's side, under /mon-espace/diagnostic/."""

app_name = "diagnostic"

urlpatterns = []
