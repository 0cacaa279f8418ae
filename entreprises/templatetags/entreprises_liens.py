"""Links to the employers' area from pages of other apps, shown only to those the target page lets in
(a link to a 404 would be a dead button). Memberships are cached per request: no query, except the two
counts of the dashboard."""

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from entreprises import acces, taches
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT
from francetravail.reseau.roles import contexte_professionnel

register = template.Library()


@register.simple_tag(takes_context=True)
def liens_emploi(context, personne):
    """On the person page (the gate already passed): which employment links this professional may follow."""
    user = context["request"].user
    return {
        "accompagnement": bool(contexte_professionnel(user).roles & ROLES_ACCOMPAGNEMENT),
        "prescrit": acces.peut_prescrire_immersion(user, personne),
    }


@register.simple_tag(takes_context=True)
def suivi_entreprises(context):
    """For the dashboard: offers waiting for this conseiller's review, and their employer follow-ups."""
    user = context["request"].user
    if not acces.est_conseiller_reseau(user):
        return None
    comptes = taches.taches_de(user).aggregate(
        total=Count("pk"), en_retard=Count("pk", filter=Q(echeance__lt=timezone.now()))
    )
    nb_a_valider = acces.a_valider(user).count()
    badge_taches = ""
    if comptes["total"]:
        badge_taches = f"{comptes['total']} à faire"
        if comptes["en_retard"]:
            badge_taches += f", dont {comptes['en_retard']} en retard"
    return {
        "a_valider": nb_a_valider,
        "taches": comptes["total"],
        "en_retard": comptes["en_retard"],
        "badge_taches": badge_taches,
        "badge_a_valider": f"{nb_a_valider} à relire" if nb_a_valider else "",
    }


@register.filter
def gere_entreprise(user, entreprise):
    """Whether ``user`` manages ``entreprise`` on the network's side (may write an offer for it)."""
    return acces.gere_entreprise(user, entreprise)
