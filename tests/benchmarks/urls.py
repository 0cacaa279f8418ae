"""The project's URLs plus a minimal view reading the same row, as the benchmark's baseline."""

from django.http import HttpResponse
from django.urls import include, path

from francetravail.personnes.models import Personne


def personne_nue(request, pk):
    personne = Personne.objects.get(pk=pk)
    return HttpResponse(personne.nom_naissance)


urlpatterns = [
    path("bench/personne/<int:pk>/", personne_nue, name="bench_personne_nue"),
    path("", include("francetravail.urls")),
]
