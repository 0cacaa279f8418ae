"""Every view declares who may reach it; ``tests/test_consistency.py`` fails on any
URL whose view declares nothing.

- ``@public``: anyone, logged in or not.
- ``@acces_reserve(...)``: logged in, of one of the account kinds, and for
  professionals holding one of the roles in an active membership. Object-level
  checks (which person, which organisation) are then the view's access gate.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from francetravail.comptes.enums import TypeCompte
from francetravail.reseau.roles import roles_actifs


def public(view):
    view.acces_declare = "public"
    return view


def acces_reserve(*types_compte, roles=None, staff=False):
    types_compte = frozenset(types_compte)
    roles = frozenset(roles) if roles else None

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not autorise(user, types_compte, roles, staff):
                # 404 rather than 403: a refusal must not reveal that a page or a file exists.
                raise Http404
            return view(request, *args, **kwargs)

        wrapper.acces_declare = {"types": types_compte, "roles": roles, "staff": staff}
        return wrapper

    return decorator


def autorise(user, types_compte, roles, staff):
    # Django's session backend already drops a deactivated account; this gate does not rely on it
    # (an API client, a test, another backend may hand it one).
    if not user.is_active:
        return False
    if staff and user.is_staff:
        return True
    if user.type_compte not in types_compte:
        return False
    if user.type_compte != TypeCompte.PROFESSIONNEL or roles is None:
        return True
    return bool(roles_actifs(user) & roles)
