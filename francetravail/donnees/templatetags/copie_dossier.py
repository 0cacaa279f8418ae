"""The person's copies for « Mes données » (_copie.html): the hub's view stays the hub's."""

from django import template
from django.conf import settings

from francetravail.donnees.copie_acces import peut_telecharger
from francetravail.donnees.enums import StatutCopie
from francetravail.donnees.models import CopieDossier

register = template.Library()

EN_PREPARATION = (StatutCopie.EN_ATTENTE, StatutCopie.EN_COURS)


@register.simple_tag(takes_context=True)
def copies_du_dossier(context, personne):
    """The person's last copies (newest first), each with ``telechargeable``; and whether one is being built."""
    user = context["request"].user
    copies = list(
        CopieDossier.objects.filter(personne=personne).select_related("personne").order_by("-demandee_le", "-pk")[:5]
    )
    for copie in copies:
        copie.telechargeable = peut_telecharger(user, copie)
        copie.en_preparation = copie.statut in EN_PREPARATION
    return {
        "copies": copies,
        "en_preparation": any(c.en_preparation for c in copies),
        "duree_jours": settings.COPIE_DOSSIER_DUREE_JOURS,
    }
