"""The purge register, included in the ``backoffice`` namespace (/conseiller/)."""

from django.urls import path

from francetravail.donnees.views import registre

urlpatterns = [
    path("registre-des-purges/", registre.registre_purges, name="registre_purges"),
]
