from django.urls import path

from inscription.views import espace

app_name = "inscription"

urlpatterns = [
    path("", espace.reprendre, name="reprendre"),
    path("<slug:slug>/", espace.etape, name="etape"),
]
