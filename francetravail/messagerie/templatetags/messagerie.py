"""Unread counts for the pages that link to a conversation (the person's space, the person page)."""

from django import template

from francetravail.messagerie.acces import est_participant_professionnel
from francetravail.messagerie.queries import non_lus_par_l_organisme, non_lus_par_la_personne

register = template.Library()


@register.simple_tag
def messages_non_lus(personne):
    """Unread messages of the person's organisme référent (one COUNT on an indexed thread)."""
    return non_lus_par_la_personne(personne)


@register.simple_tag(takes_context=True)
def messages_pour_professionnel(context, personne):
    """For the back-office person page: None when the user takes no part in the conversation (show no
    link: it would be a 404), else how many of the person's messages nobody has opened yet."""
    user = context["request"].user
    if not est_participant_professionnel(user, personne):
        return None
    return non_lus_par_l_organisme(personne)
