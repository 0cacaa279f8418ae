"""The API's scopes check: a token must carry the scope of the resource and the method.

A view declares ``portee = "personnes"`` (``personnes:read`` for GET/HEAD/OPTIONS,
``personnes:write`` otherwise), or ``portees = {"action": "code"}`` per view action for the
exceptions (``{"recherche_nir": "personnes.nir:read"}``). A professional's browser session has
no scopes: their roles alone decide, as on the pages. A scope never widens the role's rights:
the access gate runs after it.
"""

from oauth2_provider.models import AccessToken
from rest_framework.permissions import SAFE_METHODS, BasePermission

from francetravail.partenaires.portees import portee as portee_de_methode


def portee_requise(request, view):
    par_action = getattr(view, "portees", {})
    action = getattr(view, "action", None)
    if action in par_action:
        return par_action[action]
    ressource = getattr(view, "portee", None)
    if ressource is None:
        return None
    return portee_de_methode(ressource, request.method in SAFE_METHODS)


def jeton_a_la_portee(request, code):
    """True for a session (no token), or a token that carries ``code``."""
    jeton = request.auth
    if not isinstance(jeton, AccessToken):
        return True
    return jeton.allow_scopes([code])


class PorteeRequise(BasePermission):
    def has_permission(self, request, view):
        code = portee_requise(request, view)
        if code is None or jeton_a_la_portee(request, code):
            return True
        self.message = f"Ce jeton n'a pas la portée « {code} » que demande cette opération."
        return False
