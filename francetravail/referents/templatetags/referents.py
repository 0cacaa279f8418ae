"""The référents' entries on pages others own: the dashboard tile and the person page's link."""

from django import template

from francetravail.referents import acces, queries

register = template.Library()


@register.simple_tag(takes_context=True)
def personnes_a_attribuer(context):
    """The queues the user works, one query (none without a designating role): organisation, count, tile title."""
    return [
        {"organisation": organisation, "nombre": nombre, "titre": f"Personnes à attribuer ({nombre})"}
        for organisation, nombre in queries.a_attribuer_par_organisation(context["request"].user)
    ]


@register.simple_tag(takes_context=True)
def designation_ouverte(context, personne):
    """The same rule as the actions (``acces.peut_designer``); no query (the memberships are cached)."""
    return acces.peut_designer(context["request"].user, personne.organisme_referent_id)
