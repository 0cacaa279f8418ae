"""The API's error answers: problem details (RFC 9457), in French, the same shape for every error.

``gestionnaire_erreurs`` is REST framework's EXCEPTION_HANDLER; ``reponses_erreur`` documents the
answers an endpoint gives in its schema (drf-spectacular), with what each one means there.
"""

import json

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.views import exception_handler

TYPE_MEDIA = "application/problem+json"

TITRES = {
    400: "Requête invalide",
    401: "Authentification requise",
    403: "Accès refusé",
    404: "Ressource introuvable",
    405: "Méthode non autorisée",
    406: "Format de réponse non disponible",
    409: "Conflit",
    412: "Précondition non remplie",
    415: "Format de requête non pris en charge",
    428: "Précondition requise",
    429: "Trop de requêtes",
    500: "Erreur interne",
}

PREFIXE_API = "/api/"


class ProblemeSerializer(serializers.Serializer):
    """Une erreur de l'API, au format « problem details » (RFC 9457)."""

    type = serializers.CharField(help_text="Toujours « about:blank » : le code HTTP dit la nature de l'erreur.")
    title = serializers.CharField(help_text="Intitulé de l'erreur, en français (par exemple « Accès refusé »).")
    status = serializers.IntegerField(help_text="Code HTTP de la réponse.")
    detail = serializers.CharField(help_text="Explication, en français.")
    erreurs = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Réponse 400 seulement : les messages d'erreur, par champ envoyé.",
    )


def gestionnaire_erreurs(exc, context):
    """REST framework's answer (status, headers, rollback of the request's transaction), reshaped."""
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django's 500
    donnees = response.data
    probleme = {
        "type": "about:blank",
        "title": TITRES.get(response.status_code, "Erreur"),
        "status": response.status_code,
    }
    if isinstance(donnees, dict) and set(donnees) == {"detail"}:
        probleme["detail"] = str(donnees["detail"])
    else:
        probleme["detail"] = "Les données envoyées ne sont pas valides."
        probleme["erreurs"] = donnees if isinstance(donnees, dict) else {"non_field_errors": donnees}
    response.data = probleme
    renderer = getattr(context.get("request"), "accepted_renderer", None)
    # No renderer yet (content negotiation itself failed, e.g. an unknown format suffix): REST framework
    # then forces its first renderer, JSON.
    if renderer is None or renderer.format == "json":
        response.content_type = TYPE_MEDIA
    return response


def reponses_erreur(**descriptions):
    """Schema entries for the errors an endpoint gives: ``reponses_erreur(e403="…", e404="…")``."""
    return {
        (int(code.removeprefix("e")), TYPE_MEDIA): OpenApiResponse(response=ProblemeSerializer, description=texte)
        for code, texte in descriptions.items()
    }


def vise_l_api(request):
    """True for a request to the API (its errors are problem+json, never the site's HTML pages)."""
    return request.path.startswith(PREFIXE_API)


def reponse_probleme(status, detail):
    """A problem+json answer given outside REST framework's views (an unknown path, a server error)."""
    corps = {"type": "about:blank", "title": TITRES.get(status, "Erreur"), "status": status, "detail": detail}
    return HttpResponse(json.dumps(corps, ensure_ascii=False), status=status, content_type=TYPE_MEDIA)
