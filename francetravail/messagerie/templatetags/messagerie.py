"""For the pages that link to a conversation: whether a professional takes part.

The person's unread count comes with the person on their home page
(``messages_non_lus``, francetravail/personnes/queries.py: espace()).
"""

from django import template

from francetravail.messagerie.acces import est_participant_professionnel

register = template.Library()


@register.simple_tag(takes_context=True)
def participe_aux_messages(context, personne):
    """Whether the user takes part in the person's conversation (no query: the memberships are cached)."""
    return est_participant_professionnel(context["request"].user, personne)
