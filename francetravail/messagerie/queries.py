"""Reads of the messages: a thread, and what is waiting unread on each side."""

from django.db.models import Count, F, Func, IntegerField, Max, OuterRef, Subquery

from francetravail.messagerie.models import Message
from francetravail.reseau.roles import contexte_professionnel


def fil(personne):
    """The current conversation of ``personne`` (with their organisme référent), newest first."""
    if personne.organisme_referent_id is None:
        return Message.objects.none()
    return (
        Message.objects.filter(personne=personne, organisme_id=personne.organisme_referent_id)
        .select_related("auteur")
        .order_by("-envoye_le", "-pk")
    )


def _non_lus_par_la_personne(personne, organisme_id):
    return Message.objects.filter(
        personne=personne, organisme_id=organisme_id, de_la_personne=False, lu_le__isnull=True
    )


def non_lus_par_la_personne(personne):
    """How many messages of the organisme référent the person has not opened yet."""
    if personne is None or personne.organisme_referent_id is None:
        return 0
    return _non_lus_par_la_personne(personne, personne.organisme_referent_id).count()


def nombre_non_lus_par_la_personne():
    """``non_lus_par_la_personne`` as a subquery of a query on people (0 without organisme référent:
    the comparison with a null organisme matches no message)."""
    return Subquery(
        _non_lus_par_la_personne(OuterRef("pk"), OuterRef("organisme_referent_id"))
        .order_by()
        .values(n=Func(F("pk"), function="COUNT")),
        output_field=IntegerField(),
    )


def conversations_non_lues(user):
    """Per person, the unread messages people wrote to the organisations where ``user`` accompanies.

    Only the conversation with the person's current organisme référent counts (an old one
    is no longer answered there). Rows ``{"personne_id", "non_lus", "dernier"}``, newest first.
    """
    organisations = contexte_professionnel(user).organisations_accompagnement
    if not organisations:
        return Message.objects.none().values("personne_id")
    return (
        Message.objects.filter(
            organisme_id__in=organisations,
            de_la_personne=True,
            lu_le__isnull=True,
            personne__organisme_referent_id=F("organisme_id"),
        )
        .values("personne_id")
        .annotate(non_lus=Count("pk"), dernier=Max("envoye_le"))
        .order_by("-dernier", "personne_id")
    )
