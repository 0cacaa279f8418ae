"""The dashboard's « Invitations reçues » tile, for whoever answers invitations into files."""

from django import template

from francetravail.personnes.acces import organisations_invitees_de
from francetravail.personnes.queries import compter_invitations_recues

register = template.Library()


@register.simple_tag(takes_context=True)
def invitations_recues(context):
    """None for a user who answers no invitation; else the count waiting (one query) and its badge."""
    user = context["request"].user
    if not organisations_invitees_de(user):
        return None
    nombre = compter_invitations_recues(user)
    badge = f"{nombre} invitation{'s' if nombre > 1 else ''} à examiner" if nombre else ""
    return {"nombre": nombre, "titre": f"Invitations reçues ({nombre})", "badge": badge}
