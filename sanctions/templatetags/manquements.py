"""For the person page: whether the user may report a manquement (so the button is never dead)."""

from django import template

from sanctions import acces

register = template.Library()


@register.simple_tag(takes_context=True, name="peut_signaler_manquement")
def signalement_possible(context, personne):
    """``acces.peut_signaler_manquement`` for the page's user."""
    return acces.peut_signaler_manquement(context["request"].user, personne)
