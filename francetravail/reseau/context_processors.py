"""What the back-office menu offers depends on the professional's roles: a link to
a page their roles do not open would be a dead end (the page answers 404)."""

from django.utils.functional import SimpleLazyObject

from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT, ROLES_DOSSIERS, ROLES_RECHERCHE_NATIONALE, Role
from francetravail.reseau.roles import contexte_professionnel


def _menu(user):
    if not (user.is_authenticated and user.est_professionnel):
        return {"voit_dossiers": False, "peut_rechercher": False, "administre": False, "accompagne": False}
    roles = contexte_professionnel(user).roles
    return {
        "voit_dossiers": bool(roles & ROLES_DOSSIERS),
        "peut_rechercher": bool(roles & ROLES_RECHERCHE_NATIONALE),
        "administre": Role.ADMIN_ORGANISATION in roles,
        # Offers of the network, companies and immersions are accompaniment work.
        "accompagne": bool(roles & ROLES_ACCOMPAGNEMENT),
    }


def menu_professionnel(request):
    # Lazy: public pages never pay for it.
    return {"MENU_PRO": SimpleLazyObject(lambda: _menu(request.user))}
