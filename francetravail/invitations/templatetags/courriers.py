from django import template

from francetravail.invitations.courriers import lots_a_imprimer
from francetravail.invitations.courriers_acces import organisations_courriers

register = template.Library()


@register.simple_tag(takes_context=True)
def courriers_a_imprimer(context):
    """The dashboard's tile for whoever prints an organisation's letters (None otherwise): the batches ready
    and not yet printed, one count query."""
    organisations = organisations_courriers(context["request"].user)
    if not organisations:
        return None
    nombre = lots_a_imprimer(organisations).count()
    badge = f"{nombre} lot{'s' if nombre > 1 else ''} à imprimer" if nombre else ""
    return {"nombre": nombre, "badge": badge}
