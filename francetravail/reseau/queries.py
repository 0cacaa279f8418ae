"""What the members page lists: an organisation's memberships and the attachments it is asked to confirm."""

from francetravail.reseau.attribution import role_attribuable
from francetravail.reseau.enums import StatutRattachement
from francetravail.reseau.models import Membership


def organisations_actuelles(user):
    """Ids of the organisations where ``user`` holds a membership in force."""
    return set(Membership.objects.actives().filter(user=user).values_list("organisation_id", flat=True))


def rattachements_de(organisation):
    """The organisation's memberships, each with ``sollicitees`` (names of the organisations asked to
    confirm it, when pending) and ``admis`` (False for a role its type does not admit: it grants nothing)."""
    liste = list(
        organisation.memberships.sans_comptes_techniques()
        .select_related("user")
        .order_by("-actif", "user__last_name", "user__first_name")
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


def demandes_par_organisation(organisation_ids):
    """{organisation id: number of attachments its admins are asked to confirm} (``demandes_a_confirmer``
    for several organisations, in two queries whatever their number: the dashboard counts them)."""
    if not organisation_ids:
        return {}
    membres = {}
    for user_id, organisation_id in (
        Membership.objects.actives()
        .filter(organisation_id__in=organisation_ids)
        .values_list("user_id", "organisation_id")
    ):
        membres.setdefault(user_id, set()).add(organisation_id)
    comptes = dict.fromkeys(organisation_ids, 0)
    if membres:
        for user_id, demandee in (
            Membership.objects.en_attente().filter(user_id__in=membres).values_list("user_id", "organisation_id")
        ):
            for organisation_id in membres[user_id] - {demandee}:
                comptes[organisation_id] += 1
    return comptes
