"""The invitations' entries on pages others own: the dashboard tile of callback requests."""

from django import template

from francetravail.invitations.acces import demandes_rappel_visibles, organisations_invitantes
from francetravail.invitations.enums import StatutDemandeRappel

register = template.Library()


@register.simple_tag(takes_context=True)
def demandes_de_rappel(context):
    """None for whoever works no agenda; else the count of callback requests to handle (one query)."""
    user = context["request"].user
    if not organisations_invitantes(user):
        return None
    nombre = demandes_rappel_visibles(user).filter(statut=StatutDemandeRappel.A_TRAITER).count()
    return {
        "nombre": nombre,
        "titre": f"Demandes de rappel ({nombre})",
        "badge": f"{nombre} personne{'s' if nombre > 1 else ''} à rappeler" if nombre else "",
    }


@register.simple_tag(takes_context=True)
def invitation_possible(context):
    """The user works agendas (the page already checked they read the file): « Inviter à prendre rendez-vous »
    leads somewhere. No query (the memberships are cached for the request)."""
    return bool(organisations_invitantes(context["request"].user))
