"""« Mes données » in the person's space (mon-espace/mes-donnees/): the hub, the copy, rectification."""

from django.urls import path

from francetravail.donnees import urls_copie, urls_rectification
from francetravail.donnees.views import espace

app_name = "donnees"

urlpatterns = [
    path("", espace.mes_donnees, name="mes_donnees"),
    *urls_copie.urlpatterns,
    *urls_rectification.urlpatterns,
]
