"""The dashboard's « Suivi des rendez-vous »: the follow-up counts of the user's organisations
(``rendezvous.suivi_affichage``) and the share of first appointments within 15 days of the orientation
(``orientation.premier_rdv.part_dans_le_delai``), each a link to the portfolio filtered on it."""

from django import template
from django.urls import reverse

from francetravail.rendezvous.acces import organisations_agendas
from francetravail.rendezvous.suivi_affichage import TUILES, compter
from orientation import premier_rdv

register = template.Library()


@register.simple_tag(takes_context=True)
def suivi_rendez_vous(context):
    """None when the user works no agenda; else {tuiles: [(titre, nombre, description, url)], part}."""
    user = context["request"].user
    nombres = compter(user)
    if nombres is None:
        return None
    liste = reverse("backoffice:personnes")
    tuiles = [
        {
            "titre": titre,
            "nombre": nombres[statut],
            "badge": f"{nombres[statut]} personne{'s' if nombres[statut] > 1 else ''}",
            "description": description,
            "url": f"{liste}?suivi_rdv={statut}",
        }
        for statut, titre, description in TUILES
    ]
    part = premier_rdv.part_dans_le_delai(organisations_agendas(user))
    if part.concernes:
        description = (
            "Personnes orientées dont le premier rendez-vous est pris ou honoré dans le délai : "
            f"{part.dans_le_delai} sur {part.concernes} (délai échu ou rendez-vous pris)."
        )
        badge = f"{part.pourcentage} %"
    else:
        description, badge = "Aucune personne orientée dont le délai est échu ou le rendez-vous pris.", ""
    return {
        "tuiles": tuiles,
        "part": part,
        "url_part": f"{liste}?etape=premier_rdv",
        "description_part": description,
        "badge_part": badge,
    }
