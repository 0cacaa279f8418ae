from django.urls import path

from francetravail.personnes.views import espace

app_name = "personnes"

urlpatterns = [
    path("", espace.espace, name="espace"),
    path("acces-a-mon-dossier/", espace.acces_a_mon_dossier, name="acces"),
]
