from django.urls import path

from inscription.views import personne

app_name = "inscription"

urlpatterns = [
    path("", personne.reprendre, name="reprendre"),
    path("<slug:slug>/", personne.etape, name="etape"),
]
