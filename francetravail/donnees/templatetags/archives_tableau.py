"""The dashboard's « Archives » tile, for the data protection officer (francetravail/donnees/archives.py)."""

from django import template

from francetravail.donnees.archives_acces import peut_lire_les_archives

register = template.Library()


@register.simple_tag(takes_context=True)
def archives_au_tableau(context):
    """Whether the user holds the data protection role (no query: the memberships are cached)."""
    return peut_lire_les_archives(context["request"].user)
