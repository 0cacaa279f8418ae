"""The person's notification centre (/mon-espace/notifications/)."""

from django.views.decorators.http import require_POST

from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.notifications.views import centre

LISTE = "notifications:liste"


@acces_reserve(TypeCompte.PERSONNE)
def liste(request):
    return centre.liste(
        request,
        "notifications/centre/espace.html",
        url_lue="notifications:lue",
        url_toutes_lues="notifications:toutes_lues",
    )


@acces_reserve(TypeCompte.PERSONNE)
@require_POST
def lue(request, pk):
    return centre.lue(request, pk, url_liste=LISTE)


@acces_reserve(TypeCompte.PERSONNE)
@require_POST
def toutes_lues(request):
    return centre.toutes_lues(request, url_liste=LISTE)
