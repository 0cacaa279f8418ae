"""For the dashboard: the letters of the user's procedures that wait for a postal address (work to do)."""

from django import template

from sanctions.queries import courriers_en_attente_d_adresse as en_attente

register = template.Library()


@register.simple_tag(takes_context=True)
def courriers_en_attente_d_adresse(context):
    return en_attente(context["request"].user).count()
