"""What the pages about personal data read from the platform rather than write down: the retention
periods in force (legal parameters), the data protection officer's address, the person's requests."""

from django import template
from django.conf import settings

from francetravail.donnees import durees, rectification_file

register = template.Library()


@register.simple_tag
def duree_conservation(cle):
    """``{% duree_conservation "conservation.journaux" %}`` → « 6 mois », the value in force today."""
    return durees.duree(cle)


@register.simple_tag
def durees_conservation():
    return durees.durees_de_conservation()


@register.simple_tag
def delegue_protection_donnees():
    return settings.DELEGUE_PROTECTION_DONNEES_EMAIL


@register.simple_tag
def demandes_rectification(personne):
    return list(rectification_file.demandes_de_la_personne(personne)) if personne else []
