"""The notification centre's reads: the list of one's notifications and the unread counter."""

from dataclasses import dataclass
from functools import cached_property

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Func, IntegerField, OuterRef, Q, Subquery

from francetravail.notifications.acces import notifications_du_destinataire
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.notifications.registre import types_notification

PAR_PAGE = 20


@dataclass(frozen=True)
class Ligne:
    """One notification as the centre shows it."""

    notification: object
    libelle: str
    avis_legal: bool

    @property
    def lien(self):
        lien = self.notification.contexte.get("lien")
        # Only a path of this site: the context is written by our actions, but a link elsewhere
        # would turn the centre into a redirector.
        return lien if isinstance(lien, str) and lien.startswith("/") and not lien.startswith("//") else None

    @property
    def lue(self):
        return self.notification.lue_le is not None


def page_de_notifications(user, numero):
    """The page ``numero`` of ``user``'s notifications, newest first: two queries whatever their number."""
    notifications = notifications_du_destinataire(user).only(
        "pk", "canal", "modele", "type_notification", "contexte", "created_at", "sent_at", "lue_le"
    )
    page = Paginator(notifications.order_by("-created_at", "-pk"), PAR_PAGE).get_page(numero)
    types = types_notification()
    lignes = []
    for notification in page.object_list:
        type_ = types.get(notification.type_notification)
        lignes.append(
            Ligne(
                notification=notification,
                # A row written before the kinds were declared (or of a kind since removed) keeps its template name.
                libelle=type_.libelle if type_ else notification.modele,
                avis_legal=bool(type_ and type_.avis_legal),
            )
        )
    return page, lignes


def nombre_non_lues(user):
    """How many of ``user``'s notifications are unread: one count on a partial index.

    Written in SQL once rather than built by the ORM on each request: the header runs it on every
    page of people and professionals, and compiling the queryset costs more than running it
    (``make bench``: person_page_vs_bare; same reason as ``personnes.queries.ParIdentifiant``).
    Its rows are those of ``notifications_du_destinataire`` (the destinataire's own), unread."""
    if not (user and user.is_authenticated and user.is_active):
        return 0
    with connection.cursor() as curseur:
        curseur.execute(_SQL_NON_LUES, [user.pk])
        return curseur.fetchone()[0]


# The table's name is checked against the model by tests/notifications/test_centre.py.
_SQL_NON_LUES = 'SELECT COUNT(*) FROM "notifications_notification" WHERE "destinataire_id" = %s AND "lue_le" IS NULL'


def nombre_non_lues_du_compte(champ="user_id"):
    """``nombre_non_lues`` as a subquery of a query whose ``champ`` is the account: a page that reads
    its row in one query gives the header its counter with it (:class:`CompteurNonLues`)."""
    return Subquery(
        Notification.objects.filter(destinataire_id=OuterRef(champ), lue_le__isnull=True)
        .order_by()
        .values(n=Func(F("pk"), function="COUNT")),
        output_field=IntegerField(),
    )


class CompteurNonLues:
    """The header's unread counter, counted at most once per request and only if the page shows it.

    A view that already read the number (``nombre_non_lues_du_compte`` in its own query) passes it,
    as ``NOTIFICATIONS`` in its context, which wins over the context processor's: no query more.
    """

    def __init__(self, user, nombre=None):
        self.user = user
        if nombre is not None:
            self.nombre = nombre  # fills the cached property

    @cached_property
    def nombre(self):
        if not (self.user.is_authenticated and (self.user.est_personne or self.user.est_professionnel)):
            return 0
        return nombre_non_lues(self.user)


def envois_a_la_personne(personne):
    """The e-mails and SMS written for ``personne``, newest first: those to their account, and those sent
    without an account to the addresses their file holds now (a person invited before having one)."""
    filtre = Q(destinataire__isnull=True, adresse__in=[a for a in (personne.email, personne.telephone) if a])
    if personne.user_id:
        filtre |= Q(destinataire_id=personne.user_id)
    return Notification.objects.filter(filtre).exclude(canal=Canal.IN_APP).order_by("-created_at", "-pk")
