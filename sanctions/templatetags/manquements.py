"""For the person page: whether the user may report a manquement (so the button is never dead)."""

from django import template

from francetravail.reseau.roles import contexte_professionnel

register = template.Library()


@register.simple_tag(takes_context=True)
def peut_signaler_manquement(context, personne):
    """The référent's organisation reports (``actions.signaler_manquement``); the page has already
    passed the access gate, so the cached memberships answer without a query."""
    user = context["request"].user
    if not (user.is_authenticated and user.est_professionnel and personne.organisme_referent_id):
        return False
    return personne.organisme_referent_id in contexte_professionnel(user).organisations_accompagnement
