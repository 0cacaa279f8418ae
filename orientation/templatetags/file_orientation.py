"""The deciders' queue on other pages: the dashboard's tile and its count."""

from django import template

from orientation import acces

register = template.Library()


@register.simple_tag(takes_context=True)
def orientations_a_decider(context):
    """For the dashboard: how many orientations the user may decide (None: the queue is not theirs, a 404)."""
    user = context["request"].user
    if not acces.peut_ouvrir_la_file(user):
        return None
    nombre = acces.decisions_a_traiter(user).count()
    return {"nombre": nombre, "badge": f"{nombre} à décider" if nombre else ""}
