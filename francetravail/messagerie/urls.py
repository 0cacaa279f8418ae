"""The person's side, under /mon-espace/messages/."""

app_name = "messagerie"

urlpatterns = []
