"""The person page's « Terminer / Rouvrir l'accompagnement » buttons, shown only to whom the action allows."""

from django import template

from inscription import acces

register = template.Library()


@register.simple_tag(takes_context=True, name="est_referent_accompagnement")
def referent_accompagnement(context, personne):
    """``acces.est_referent_accompagnement`` for the page's user (no query: the gate's own context)."""
    return acces.est_referent_accompagnement(context["request"].user, personne)
