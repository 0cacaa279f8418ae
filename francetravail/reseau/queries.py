"""What the members page lists: an organisation's memberships and the attachments it is asked to confirm."""

from francetravail.reseau.attribution import role_attribuable
from francetravail.reseau.enums import StatutRattachement
from francetravail.reseau.models import Membership


def rattachements_de(organisation):
    """The organisation's memberships, each with ``sollicitees`` (names of the organisations asked to
    confirm it, when pending) and ``admis`` (False for a role its type does not admit: it grants nothing)."""
    liste = list(
        organisation.memberships.select_related("user").order_by("-actif", "user__last_name", "user__first_name")
    )
    en_attente = [m for m in liste if m.actif and m.statut == StatutRattachement.EN_ATTENTE]
    ailleurs = {}
    if en_attente:
        for user_id, nom in (
            Membership.objects.actives()
            .filter(user_id__in={m.user_id for m in en_attente})
            .exclude(organisation=organisation)
            .values_list("user_id", "organisation__nom")
            .order_by("organisation__nom")
            .distinct()
        ):
            ailleurs.setdefault(user_id, []).append(nom)
    for m in liste:
        m.sollicitees = ailleurs.get(m.user_id, [])
        m.admis = role_attribuable(organisation.type_organisation, m.role)
    return liste


def demandes_a_confirmer(organisation):
    """Pending attachments, to other organisations, of professionals who work in ``organisation``."""
    membres = Membership.objects.actives().filter(organisation=organisation).values("user_id")
    return (
        Membership.objects.en_attente()
        .filter(user_id__in=membres)
        .exclude(organisation=organisation)
        .select_related("user", "organisation")
        .order_by("created_at", "pk")
    )
