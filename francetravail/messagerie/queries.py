"""Reads of the messages: a thread, and what is waiting unread on each side."""

import datetime

from django.db.models import Count, Exists, F, Func, IntegerField, Max, Min, OuterRef, Subquery
from django.utils import timezone

from francetravail.messagerie.models import Message
from francetravail.parametres.lookup import valeur
from francetravail.reseau.roles import contexte_professionnel

# The answer promised to the people (« Une réponse sous 72h », the common base of services), in hours.
PARAMETRE_DELAI_REPONSE = "messagerie.delai_reponse"


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
            personne__archivee_le__isnull=True,  # an archived file is out of every list (personnes/acces.py)
        )
        .values("personne_id")
        .annotate(non_lus=Count("pk"), dernier=Max("envoye_le"))
        .order_by("-dernier", "personne_id")
    )


def _messages_a_repondre(user):
    """Messages people wrote to the organisations where ``user`` accompanies, in the current
    conversation (with the person's organisme référent), that no message of the organisation followed."""
    organisations = contexte_professionnel(user).organisations_accompagnement
    if not organisations:
        return Message.objects.none()
    reponse = Message.objects.filter(
        personne=OuterRef("personne"),
        organisme=OuterRef("organisme"),
        de_la_personne=False,
        envoye_le__gt=OuterRef("envoye_le"),
    )
    return Message.objects.filter(
        organisme_id__in=organisations,
        de_la_personne=True,
        personne__organisme_referent_id=F("organisme_id"),
        personne__archivee_le__isnull=True,
    ).exclude(Exists(reponse))


def limite_reponse(maintenant=None):
    """The instant before which a message still unanswered breaks the promise (parameter in hours)."""
    maintenant = maintenant or timezone.now()
    heures = valeur(PARAMETRE_DELAI_REPONSE, le=timezone.localdate(maintenant))
    return maintenant - datetime.timedelta(hours=float(heures))


def conversations_sans_reponse(user, *, maintenant=None):
    """Per person, the messages waiting for an answer for longer than the promise: rows
    ``{"personne_id", "en_attente", "depuis"}`` (the oldest unanswered), longest wait first.
    A message read but not answered still waits: the promise is an answer."""
    return (
        _messages_a_repondre(user)
        .filter(envoye_le__lte=limite_reponse(maintenant))
        .values("personne_id")
        .annotate(en_attente=Count("pk"), depuis=Min("envoye_le"))
        .order_by("depuis", "personne_id")
    )


def nombre_sans_reponse(user, *, maintenant=None):
    """How many people wait for an answer beyond the promise (one query)."""
    return (
        _messages_a_repondre(user)
        .filter(envoye_le__lte=limite_reponse(maintenant))
        .values("personne_id")
        .distinct()
        .count()
    )
