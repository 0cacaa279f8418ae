"""The notification centre, shared by the person's space and the back-office: the same list and
the same two buttons, each space with its own layout and URLs."""

from django.shortcuts import redirect, render
from django.urls import reverse

from francetravail.notifications import actions, queries


def _page_demandee(request):
    numero = request.POST.get("page", "")
    return int(numero) if numero.isdigit() and 0 < int(numero) < 100_000 else None


def _retour(request, url_liste):
    url = reverse(url_liste)
    numero = _page_demandee(request)
    return redirect(f"{url}?page={numero}" if numero and numero > 1 else url)


def liste(request, gabarit, *, url_lue, url_toutes_lues):
    page, lignes = queries.page_de_notifications(request.user, request.GET.get("page"))
    return render(
        request,
        gabarit,
        {"page": page, "lignes": lignes, "url_lue": url_lue, "url_toutes_lues": url_toutes_lues},
    )


def lue(request, pk, *, url_liste):
    actions.marquer_lue(pk, acting_user=request.user)
    return _retour(request, url_liste)


def toutes_lues(request, *, url_liste):
    actions.marquer_toutes_lues(acting_user=request.user)
    return _retour(request, url_liste)
