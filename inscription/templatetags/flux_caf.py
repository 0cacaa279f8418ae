"""The back-office menu's entry to a département's CAF/MSA flows (shown only to whom ``acces`` opens them)."""

from django import template

from inscription.acces import departements_flux

register = template.Library()


@register.simple_tag(takes_context=True)
def flux_caf_au_menu(context):
    """Whether the user runs some département's flows (cached memberships: no query)."""
    user = context.get("user")
    return bool(user is not None and user.is_authenticated and departements_flux(user))
