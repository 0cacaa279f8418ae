"""The dashboard's « Webhooks » tile, for an organisation's administrators: the deliveries given up (work to do)."""

from django import template
from django.db.models import Count, Q
from django.urls import reverse

from francetravail.partenaires.enums import StatutLivraison
from francetravail.reseau.enums import Role
from francetravail.reseau.models import Membership, Organisation

register = template.Library()


@register.simple_tag(takes_context=True)
def webhooks_au_tableau(context):
    """[{"url", "titre", "badge", "alerte"}] for each organisation the user administers (two queries), else []."""
    user = context["request"].user
    if not user.is_authenticated or not user.est_professionnel:
        return []
    administrees = Membership.objects.actives().filter(
        user=user, role=Role.ADMIN_ORGANISATION, organisation__actif=True
    )
    organisations = (
        Organisation.objects.filter(pk__in=administrees.values("organisation_id"))
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
