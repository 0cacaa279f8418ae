from django.db import transaction
from django.utils import timezone

from francetravail.notifications.acces import exiger_destinataire, notifications_du_destinataire
from francetravail.notifications.enums import Canal, Statut
from francetravail.notifications.models import Notification
from francetravail.notifications.registre import TypeNotification
from francetravail.notifications.tasks import planifier_envoi, planifier_envois
from francetravail.notifications.unicite import verrouiller_en_masse


@transaction.atomic
def _ecrire_en_masse(lignes):
    """Writes the rows whose key is not written yet (the first of two rows with the same key), as
    ``ON CONFLICT DO NOTHING`` did before the outbox was partitioned (no unique index to conflict
    with any more: ``notifications.unicite``). The exclusive write lock keeps the keys found absent
    absent until this transaction commits."""
    if not lignes:
        return
    verrouiller_en_masse()
    existantes = set(
        Notification.objects.filter(cle_idempotence__in=[n.cle_idempotence for n in lignes]).values_list(
            "cle_idempotence", flat=True
        )
    )
    nouvelles = {}
    for ligne in lignes:
        if ligne.cle_idempotence not in existantes:
            nouvelles.setdefault(ligne.cle_idempotence, ligne)
    Notification.objects.bulk_create(list(nouvelles.values()), batch_size=2000)


def notifier(
    destinataire,
    type_notification,
    *,
    contexte,
    cle_idempotence,
    canal=None,
    adresse=None,
    lien=None,
):
    """Writes a notification of a declared kind in the current transaction and queues its sending on commit.

    ``type_notification``: a kind declared in its app's ``notifications`` module
    (``francetravail.notifications.registre.declarer``); its templates, channels and link come from
    it. ``lien``: the keyword arguments of the kind's link (its URL name is reversed now, the path put
    in the context as ``lien``). ``canal``: one of the kind's channels (its first by default).
    Returns the row; the same ``cle_idempotence`` twice returns the existing row and sends nothing more.

    An in-app notification is delivered by being written (it is read in the person's
    space): it is stored ``ENVOYEE`` and never queued nor swept.
    """
    if not isinstance(type_notification, TypeNotification):
        raise TypeError("notifier() prend un type de notification déclaré, pas une chaîne.")
    canal = canal or type_notification.canaux[0]
    if canal not in type_notification.canaux:
        raise ValueError(f"Canal {canal} non déclaré pour « {type_notification.cle} ».")
    if type_notification.lien:
        contexte = {**contexte, "lien": type_notification.chemin(**(lien or {}))}
    if adresse is None:
        adresse = destinataire.telephone if canal == Canal.SMS else destinataire.email
    defaults = {
        "destinataire": destinataire,
        "adresse": adresse,
        "canal": canal,
        "modele": type_notification.modele,
        "type_notification": type_notification.cle,
        "contexte": contexte,
    }
    if canal == Canal.IN_APP:
        defaults.update(statut=Statut.ENVOYEE, sent_at=timezone.now())
    notification, created = Notification.objects.get_or_create(cle_idempotence=cle_idempotence, defaults=defaults)
    if created and canal != Canal.IN_APP:
        # robust: nothing after the commit may turn a committed request into an error.
        transaction.on_commit(lambda: planifier_envoi(notification.pk), robust=True)
    return notification


def notifier_en_masse(type_notification, envois):
    """In-app notifications of one declared kind to many recipients, in one statement (a monthly flow
    may close thousands of rights at once: one ``get_or_create`` per person would be its slowest part).

    ``envois``: (destinataire_id, contexte, cle_idempotence, lien kwargs). In-app only: it is delivered by
    being written, nothing to queue. A key already written is skipped, as ``notifier`` does (a replayed
    flow tells no one twice). Returns how many were given."""
    if not isinstance(type_notification, TypeNotification):
        raise TypeError("notifier_en_masse() prend un type de notification déclaré, pas une chaîne.")
    if Canal.IN_APP not in type_notification.canaux:
        raise ValueError(f"« {type_notification.cle} » n'est pas déclaré dans l'espace (IN_APP).")
    maintenant = timezone.now()
    lignes = []
    for destinataire_id, contexte, cle, lien in envois:
        if type_notification.lien:
            contexte = {**contexte, "lien": type_notification.chemin(**(lien or {}))}
        lignes.append(
            Notification(
                destinataire_id=destinataire_id,
                adresse="",
                canal=Canal.IN_APP,
                modele=type_notification.modele,
                type_notification=type_notification.cle,
                contexte=contexte,
                cle_idempotence=cle,
                statut=Statut.ENVOYEE,
                sent_at=maintenant,
                created_at=maintenant,
            )
        )
    _ecrire_en_masse(lignes)
    return len(lignes)


def notifier_en_masse_externe(type_notification, envois, *, taille_paquet=200):
    """E-mails and SMS of one declared kind to many addresses in one statement (a bulk invitation of
    10 000 people, most without an account), their sending queued on commit in chunks.

    ``envois``: (destinataire_id or None, canal, adresse, contexte, cle_idempotence); ``contexte`` is
    stored as given (the caller puts the kind's link in it). A key already written is skipped, as
    ``notifier`` does. Returns ``{cle_idempotence: notification id}`` for every key given (written now
    or before), so the caller can point at its rows."""
    if not isinstance(type_notification, TypeNotification):
        raise TypeError("notifier_en_masse_externe() prend un type de notification déclaré, pas une chaîne.")
    maintenant = timezone.now()
    lignes = []
    for destinataire_id, canal, adresse, contexte, cle in envois:
        if canal not in type_notification.canaux or canal == Canal.IN_APP:
            raise ValueError(f"Canal {canal} non déclaré (ou dans l'espace) pour « {type_notification.cle} ».")
        lignes.append(
            Notification(
                destinataire_id=destinataire_id,
                adresse=adresse,
                canal=canal,
                modele=type_notification.modele,
                type_notification=type_notification.cle,
                contexte=contexte,
                cle_idempotence=cle,
                created_at=maintenant,
                prochaine_tentative=maintenant,
            )
        )
    if not lignes:
        return {}
    _ecrire_en_masse(lignes)
    ids = dict(
        Notification.objects.filter(cle_idempotence__in=[n.cle_idempotence for n in lignes]).values_list(
            "cle_idempotence", "pk"
        )
    )
    a_envoyer = sorted(ids.values())
    for debut in range(0, len(a_envoyer), taille_paquet):
        paquet = a_envoyer[debut : debut + taille_paquet]
        # robust: nothing after the commit may turn a committed action into an error (the sweep sends the rest).
        transaction.on_commit(lambda paquet=paquet: planifier_envois(paquet), robust=True)
    return ids


# Reading one's own notifications changes no file and decides nothing: the read date is kept on
# the row (``lue_le``) and no audit event is written (it would record, for every page of a
# professional's day, that they looked at their own inbox).


@transaction.atomic
def marquer_lue(notification_id, *, acting_user):
    """Marks one of ``acting_user``'s notifications as read (someone else's: 404, nothing changed).

    Marking it again keeps the first date: it says when it was first read.
    """
    notification = exiger_destinataire(acting_user, notification_id, verrou=True)
    if notification.lue_le is None:
        notification.lue_le = timezone.now()
        notification.save(update_fields=["lue_le"])
    return notification


@transaction.atomic
def marquer_toutes_lues(*, acting_user):
    """Marks every unread notification of ``acting_user`` as read; returns how many. Legal notices
    included: being read hides nothing, the centre still lists them."""
    return notifications_du_destinataire(acting_user).filter(lue_le__isnull=True).update(lue_le=timezone.now())
