"""The dashboard's way to the agendas for the organisation's managers (responsable d'équipe, admin), who do
not hold the accompaniment roles that show the « Accès rapides » buttons."""

from django import template

from francetravail.rendezvous.acces import organisations_agendas, organisations_gestion_agendas

register = template.Library()


@register.simple_tag(takes_context=True)
def agendas_a_gerer(context):
    """True when the user runs agendas without booking in them (the « Accès rapides » already link them)."""
    user = context["request"].user
    return bool(organisations_gestion_agendas(user)) and not organisations_agendas(user)
