"""Optimistic locking over HTTP: the ``ETag`` a read gives, the ``If-Match`` a write must send back.

For a resource whose page already locks optimistically (a form carries the version it was read at,
the action refuses a save from an older version), the API uses the same version number:

- the read answers ``ETag: "<ressource>.v<version>"`` (``etag(ressource, version)``, ``avec_etag``);
- the write must send ``If-Match`` with that value: ``version_attendue(request, ressource)`` returns
  the version the caller read, which the view hands to the action as the form would (``version_lue``);
  without the header → 428 (``PreconditionRequise``), with a value that is not this resource's
  current tag → 412 (``PreconditionEchouee``), raised by the view when the action reports the conflict.

``ressource`` names what the version counts (``"diagnostic-12-sante"``: person 12, section « santé »),
so that a tag of another resource never passes for this one. The tags are strong (RFC 9110 §8.8.3):
``If-Match`` compares them strongly, ``*`` and weak tags (``W/"…"``) do not name a version and are
refused as a missing precondition would be.
"""

import re

from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.exceptions import APIException

ENTETE_REPONSE = "ETag"
ENTETE_REQUETE = "If-Match"
_TAG = re.compile(r'^"(?P<ressource>[A-Za-z0-9_.-]+)\.v(?P<version>[0-9]{1,9})"$')


class PreconditionRequise(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "En-tête If-Match manquant : renvoyez la valeur de l'en-tête ETag reçue à la lecture de la ressource, "
        "pour que votre modification ne remplace pas sans le savoir celle d'un autre."
    )


class PreconditionEchouee(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "La ressource a été modifiée depuis votre lecture (If-Match ne correspond plus à son ETag) : "
        "relisez-la, reportez vos changements, puis renvoyez-la avec le nouvel ETag."
    )


def etag(ressource, version):
    """The strong tag of ``ressource`` at ``version`` (an int ≥ 0; 0: never saved)."""
    return f'"{ressource}.v{int(version)}"'


def avec_etag(reponse, ressource, version):
    """Sets ``ETag`` on ``reponse`` and returns it."""
    reponse[ENTETE_REPONSE] = etag(ressource, version)
    return reponse


def version_attendue(request, ressource):
    """The version the caller read, from ``If-Match``; raises 428 without a usable tag, 412 when the tag
    names another resource. The caller's version may still be stale: the action decides, under its lock."""
    valeur = (request.headers.get(ENTETE_REQUETE) or "").strip()
    if not valeur or valeur == "*" or valeur.startswith("W/"):
        raise PreconditionRequise()
    tags = [t.strip() for t in valeur.split(",") if t.strip()]
    versions = set()
    for tag in tags:
        trouve = _TAG.match(tag)
        if trouve is not None and trouve["ressource"] == ressource:
            versions.add(int(trouve["version"]))
    if len(versions) != 1:
        # No tag of this resource, or several versions of it: none can be the one current version.
        raise PreconditionEchouee()
    return versions.pop()


def entete_etag(description=None):
    """The ``ETag`` header of a read or write answer, for ``extend_schema(parameters=[...])``."""
    return OpenApiParameter(
        ENTETE_REPONSE,
        str,
        OpenApiParameter.HEADER,
        response=[200],
        description=description
        or 'La version lue (par exemple "diagnostic-12-projet.v3", guillemets compris) : à renvoyer dans '
        "If-Match pour modifier la ressource.",
    )


def parametre_if_match(description=None):
    """The ``If-Match`` header, for ``extend_schema(parameters=[...])``."""
    return OpenApiParameter(
        ENTETE_REQUETE,
        str,
        OpenApiParameter.HEADER,
        required=True,
        description=description
        or 'La valeur de l\'en-tête ETag reçue à la lecture (par exemple "diagnostic-12-projet.v3", guillemets '
        "compris). Sans elle : 428 ; si la ressource a changé depuis : 412, rien n'est modifié.",
    )
