"""The back-office « Archives » pages (namespace ``backoffice``, mounted by francetravail/backoffice_urls.py)."""

from django.urls import path

from francetravail.donnees.views import archives

urlpatterns = [
    path("archives/", archives.archives, name="archives"),
    path("archives/<int:pk>/", archives.archive, name="archive"),
]
