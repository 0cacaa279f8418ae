from django import template

from francetravail.messagerie.queries import non_lus_par_la_personne

register = template.Library()


@register.simple_tag
def messages_non_lus(personne):
    """Unread messages of the person's organisme référent (one COUNT on an indexed thread)."""
    return non_lus_par_la_personne(personne)
