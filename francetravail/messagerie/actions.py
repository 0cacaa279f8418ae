"""Every change of the messages goes through here: sending, and marking as read."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.messagerie import notifications
from francetravail.messagerie.acces import exiger_participant
from francetravail.messagerie.models import LONGUEUR_MAX, Message
from francetravail.personnes.models import Personne

SANS_ORGANISME = "Aucun organisme référent n'est encore désigné : il n'y a pas encore de conversation."
SANS_COMPTE = (
    "Cette personne n'a pas de compte sur le site : elle ne pourrait pas lire ce message. "
    "Contactez-la par téléphone ou par courrier."
)


@transaction.atomic
def envoyer_message(personne, *, acting_user, corps):
    """Writes ``corps`` in the conversation of ``personne`` with their organisme référent, and tells the other side.

    The email never carries the message: it says a message is waiting, behind a login. A second
    message while the first is still unread sends no second email.
    """
    # Locked so that the organisme référent cannot change between the check and the write.
    personne = (
        Personne.objects.select_for_update(of=("self",), no_key=True)
        .select_related("organisme_referent", "referent_unique", "user")
        .get(pk=personne.pk)
    )
    de_la_personne = exiger_participant(acting_user, personne)
    if personne.organisme_referent_id is None:
        raise ValidationError(SANS_ORGANISME)
    if not de_la_personne and personne.user_id is None:
        raise ValidationError(SANS_COMPTE)
    corps = (corps or "").strip()
    if not corps:
        raise ValidationError({"corps": "Écrivez votre message avant de l'envoyer."})
    if len(corps) > LONGUEUR_MAX:
        raise ValidationError(
            {"corps": f"Votre message est trop long : {LONGUEUR_MAX} caractères au plus (il en compte {len(corps)})."}
        )
    # One email per unread streak: while the previous message waits unread, its email already says so.
    deja_prevenu = Message.objects.filter(
        personne=personne,
        organisme_id=personne.organisme_referent_id,
        de_la_personne=de_la_personne,
        lu_le__isnull=True,
    ).exists()
    message = Message.objects.create(
        personne=personne,
        organisme_id=personne.organisme_referent_id,
        auteur=acting_user,
        de_la_personne=de_la_personne,
        corps=corps,
    )
    # The audit row says who wrote to whom and when, never what.
    enregistrer_evenement(
        TypeEvenement.MESSAGE_ENVOYE,
        acting_user=acting_user,
        personne=personne,
        organisation=personne.organisme_referent,
        message=message.pk,
        de_la_personne=de_la_personne,
    )
    if not deja_prevenu:
        prevenir = notifications.prevenir_les_professionnels if de_la_personne else notifications.prevenir_la_personne
        prevenir(message, personne)
    return message


@transaction.atomic
def marquer_lus(personne, *, lecteur):
    """Marks as read what the other side wrote to ``lecteur`` in the current conversation; returns how many.

    One conditional UPDATE: two tabs opening the thread at once both succeed, the first date stays.
    """
    de_la_personne = exiger_participant(lecteur, personne)
    if personne.organisme_referent_id is None:
        return 0
    return Message.objects.filter(
        personne=personne,
        organisme_id=personne.organisme_referent_id,
        de_la_personne=not de_la_personne,
        lu_le__isnull=True,
    ).update(lu_le=timezone.now())
