"""The dashboard's « Webhooks » tile, for an organisation's administrators: the deliveries given up (work to do)."""

from django import template
from django.db.models import Count, Q
from django.urls import reverse

from francetravail.partenaires.enums import StatutLivraison
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Organisation
from francetravail.reseau.roles import contexte_professionnel

register = template.Library()


@register.simple_tag(takes_context=True)
def webhooks_au_tableau(context):
    """[{"url", "titre", "badge", "alerte"}] for each organisation the user administers (one query), else []."""
    user = context["request"].user
    if not user.is_authenticated or not user.est_professionnel:
        return []
    # The roles already read for the page (no query): a professional who administers nothing costs nothing here.
    administrees = contexte_professionnel(user).organisations_avec({Role.ADMIN_ORGANISATION})
    if not administrees:
        return []
    organisations = (
        Organisation.objects.filter(pk__in=administrees, actif=True)
        .annotate(
            echecs=Count(
                "abonnements_webhook__livraisons",
                filter=Q(
                    abonnements_webhook__actif=True,
                    abonnements_webhook__livraisons__statut=StatutLivraison.ECHEC,
                ),
            )
        )
        .order_by("nom")
    )
    tuiles = []
    for organisation in organisations:
        url = reverse("backoffice:webhooks", kwargs={"pk": organisation.pk})
        if organisation.echecs:
            url = reverse("backoffice:webhook_livraisons", kwargs={"pk": organisation.pk}) + "?statut=echec"
        n = organisation.echecs
        tuiles.append(
            {
                "url": url,
                "titre": f"Webhooks de {organisation.nom}",
                "badge": f"{n} livraison{'s' if n > 1 else ''} en échec à rejouer" if n else "",
                "alerte": bool(n),
            }
        )
    return tuiles
