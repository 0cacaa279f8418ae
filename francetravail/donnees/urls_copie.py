"""The copy of one's file, in the person's space (mounted under mon-espace/mes-donnees/)."""

from django.urls import path

from francetravail.donnees.views import copie

urlpatterns = [
    path("copie/demander/", copie.demander, name="copie_demander"),
    path("copie/<int:pk>/etat/", copie.etat, name="copie_etat"),
    path("copie/<int:pk>/telecharger/", copie.telecharger, name="copie_telecharger"),
]
