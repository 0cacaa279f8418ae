"""A professional's notification centre (/conseiller/notifications/): every professional, whatever
their roles, may be written to (a countersignature to make, an invitation, a message)."""

from django.views.decorators.http import require_POST

from francetravail.comptes.decorators import acces_reserve
from francetravail.comptes.enums import TypeCompte
from francetravail.notifications.views import centre

LISTE = "backoffice:notifications"


@acces_reserve(TypeCompte.PROFESSIONNEL)
def liste(request):
    return centre.liste(
        request,
        "notifications/centre/backoffice.html",
        url_lue="backoffice:notification_lue",
        url_toutes_lues="backoffice:notifications_toutes_lues",
    )


@acces_reserve(TypeCompte.PROFESSIONNEL)
@require_POST
def lue(request, pk):
    return centre.lue(request, pk, url_liste=LISTE)


@acces_reserve(TypeCompte.PROFESSIONNEL)
@require_POST
def toutes_lues(request):
    return centre.toutes_lues(request, url_liste=LISTE)
