"""The dashboard's tile of a département's wording, for its staff (``acces.departements_formulations``)."""

from django import template
from django.urls import reverse

from francetravail.invitations.acces import departements_formulations

register = template.Library()


@register.simple_tag(takes_context=True)
def formulations_au_tableau(context):
    """The URL of the wording pages when the user words a département's invitations, else ""."""
    request = context.get("request")
    if request is None or not departements_formulations(request.user):
        return ""
    return reverse("backoffice:formulations_accueil")
