"""The providers' delivery callbacks (/webhooks/remise/…): no session, no CSRF token — the provider's
token (and, when configured, its signature) is the gate, checked before anything is read
(``francetravail.notifications.remise.verifier``)."""

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from francetravail.comptes.decorators import public
from francetravail.notifications import remise
from francetravail.notifications.enums import Canal


def _recevoir(request, canal):
    try:
        remise.verifier(request.headers, request.body)
    except remise.RappelRefuse as refus:
        reponse = HttpResponse(status=refus.statut)
        if refus.statut == 401:
            reponse["WWW-Authenticate"] = 'Bearer realm="remise"'
        return reponse
    try:
        evenements = remise.lire(request.body)
    except ValueError:
        return JsonResponse({"erreur": "Le corps n'est pas un événement JSON."}, status=400)
    enregistres = sum(remise.appliquer(evenement, canal) is not None for evenement in evenements)
    return JsonResponse({"recus": len(evenements), "enregistres": enregistres})


@public  # the gate is the provider's token and signature (remise.verifier), not a session
@csrf_exempt
@require_POST
def remise_sms(request):
    return _recevoir(request, Canal.SMS)


@public  # the gate is the provider's token and signature (remise.verifier), not a session
@csrf_exempt
@require_POST
def remise_courriel(request):
    return _recevoir(request, Canal.EMAIL)
