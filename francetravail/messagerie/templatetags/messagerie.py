"""For the pages that link to a conversation: the person's unread count, whether a professional takes part."""

from django import template

from francetravail.messagerie.acces import est_participant_professionnel
from francetravail.messagerie.queries import non_lus_par_la_personne

register = template.Library()


@register.simple_tag
def messages_non_lus(personne):
    """Unread messages of the person's organisme référent (one COUNT on an indexed thread)."""
    return non_lus_par_la_personne(personne)


@register.simple_tag(takes_context=True)
def participe_aux_messages(context, personne):
    """Whether the user takes part in the person's conversation (no query: the memberships are cached)."""
    return est_participant_professionnel(context["request"].user, personne)
