"""The dashboard's « Charge de l'équipe » tile, for responsables d'équipe: how many professionals are over target."""

from django import template

from francetravail.accompagnement import queries
from francetravail.referents.acces import organisations_dirigees
from francetravail.reseau.models import Organisation

register = template.Library()


@register.simple_tag(takes_context=True)
def charge_equipe(context):
    """None for who runs no team; else {"badge": text, "alerte": bool} (four queries per team run)."""
    user = context["request"].user
    pilotees = organisations_dirigees(user)
    if not pilotees:
        return None
    au_dela = 0
    for organisation in Organisation.objects.filter(pk__in=pilotees):
        _modalites, _cibles, lignes = queries.charge_equipe(organisation)
        au_dela += sum(1 for ligne in lignes if ligne.depasse)
    if not au_dela:
        return {"badge": "Aucun portefeuille au-delà de sa cible", "alerte": False}
    return {"badge": f"{au_dela} professionnel{'s' if au_dela > 1 else ''} au-delà de la cible", "alerte": True}
