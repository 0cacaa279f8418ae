"""Sending the outbox: one row at a time, under its row lock, at most once.

:func:`envoyer` is what the Celery task runs right after the business transaction
commits; :func:`balayer` is what beat runs every minute to pick up whatever was
left pending (broker down at commit time, retry due, worker killed mid-send).
Both are safe to run at the same time, in as many workers as you like.
"""

import hashlib
import logging
import smtplib
import time
from datetime import timedelta
from email.utils import parseaddr

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone

from francetravail.notifications.enums import Canal, Statut
from francetravail.notifications.models import Notification
from francetravail.notifications.sms import get_sms_backend
from francetravail.rendezvous import ics

logger = logging.getLogger(__name__)

DELAI_INITIAL = timedelta(minutes=1)
DELAI_MAX = timedelta(hours=1)
# A sweep stops taking new rows after this long (beat runs it again a minute later);
# it stays under CELERY_TASK_SOFT_TIME_LIMIT (60 s) even with a slow mail server.
DUREE_MAX_BALAYAGE = 45


class ErreurDefinitive(Exception):
    """A failure no retry can fix (no address, recipient refused with a 5xx): straight to ECHEC."""


def max_tentatives():
    return settings.NOTIFICATIONS_MAX_TENTATIVES


def delai_avant_tentative(tentatives):
    """Wait after the ``tentatives``-th failed attempt: 1 min, 2, 4, 8, 16, 32, then 1 h (the cap)."""
    if tentatives < 1:
        raise ValueError("tentatives commence à 1")
    return min(DELAI_INITIAL * 2 ** min(tentatives - 1, 16), DELAI_MAX)


# -- rendering ---------------------------------------------------------------------------------------------


def contexte_de_rendu(notification):
    # The site's own values win: a context cannot point a link at another site.
    return {**notification.contexte, "site_url": settings.SITE_URL, "site_name": settings.SITE_NAME}


def _rendre(nom, contexte):
    # Plain text: no HTML escaping, an apostrophe in « l'agence » must stay an apostrophe.
    return get_template(f"notifications/{nom}").template.render(Context(contexte, autoescape=False))


def rendre_courriel(notification):
    """Returns ``(sujet, corps)``; the subject is folded onto one line (a header cannot hold a newline)."""
    contexte = contexte_de_rendu(notification)
    sujet = " ".join(_rendre(f"{notification.modele}_sujet.txt", contexte).split())
    corps = _rendre(f"{notification.modele}_corps.txt", contexte).strip() + "\n"
    return sujet, corps


def rendre_sms(notification):
    return _rendre(f"{notification.modele}_sms.txt", contexte_de_rendu(notification)).strip()


def message_id(notification):
    """Stable ``Message-ID``: every attempt of one notification carries the same one.

    Should a retry ever duplicate a message (see :func:`envoyer`), the copies share
    this identifier, so a mail server or client can tell they are the same message.
    """
    empreinte = hashlib.sha1(notification.cle_idempotence.encode(), usedforsecurity=False).hexdigest()[:16]
    domaine = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "francetravail.localhost"
    return f"<notification-{notification.pk}-{empreinte}@{domaine}>"


# -- channels ----------------------------------------------------------------------------------------------


def _envoyer_courriel(notification):
    if not notification.adresse:
        raise ErreurDefinitive("aucune adresse de courriel")
    sujet, corps = rendre_courriel(notification)
    message = EmailMessage(
        sujet,
        corps,
        settings.DEFAULT_FROM_EMAIL,
        [notification.adresse],
        headers={"Message-ID": message_id(notification)},
    )
    for nom, contenu, type_mime in ics.pieces_jointes(notification.contexte):
        message.attach(nom, contenu, type_mime)
    connexion = get_connection(fail_silently=False)
    connexion.open()
    # The provider's delivery callbacks name the message by this header (francetravail.notifications.remise).
    notification.identifiant_fournisseur = message_id(notification)
    try:
        envoyes = connexion.send_messages([message])
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _reponse in exc.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            raise ErreurDefinitive(f"adresse refusée par le serveur ({', '.join(map(str, codes))})") from exc
        raise
    finally:
        _fermer(connexion)
    if not envoyes:
        raise RuntimeError("le serveur de courriel n'a accepté aucun message")


def _fermer(connexion):
    # Once the server has accepted the message, a failing QUIT must not turn the
    # send into a failure (the retry would send it a second time).
    try:
        connexion.close()
    except Exception:  # noqa: BLE001
        logger.warning("Fermeture de la connexion SMTP en erreur (message déjà remis).", exc_info=True)


def _envoyer_sms(notification):
    if not notification.adresse:
        raise ErreurDefinitive("aucun numéro de téléphone")
    # A real provider returns its id for the message, which its delivery callbacks name.
    identifiant = get_sms_backend().send(notification.adresse, rendre_sms(notification))
    notification.identifiant_fournisseur = str(identifiant or "")[:200]


ENVOIS = {Canal.EMAIL: _envoyer_courriel, Canal.SMS: _envoyer_sms}


# -- sending -----------------------------------------------------------------------------------------------


def envoyer(notification_id):
    """Sends one pending, due notification; returns True if this call sent it.

    Never twice: the row is taken with ``SELECT … FOR UPDATE SKIP LOCKED`` and the
    message is sent *while holding that row lock*, then marked ``ENVOYEE`` in the
    same transaction. A second worker running this at the same time skips the
    locked row (nothing to do); one running it afterwards no longer finds it
    pending. A worker that dies mid-send (SIGKILL, OOM, lost host) drops its
    database connection: PostgreSQL rolls back and releases the lock with the row
    still pending, while the SMTP transaction was never completed (no end of
    DATA), so the server discarded the message; the next sweep sends it once.

    The one window left is a crash between the server's « 250 accepted » and our
    COMMIT: the retry then sends a second copy. It carries the same ``Message-ID``
    (:func:`message_id`) so that duplicate can be recognised downstream.

    A failure of the backend is recorded, not raised: ``tentatives`` + 1, the
    error, and a next attempt after an exponential backoff (:func:`delai_avant_tentative`);
    at ``NOTIFICATIONS_MAX_TENTATIVES`` attempts (default 8) the row is ``ECHEC``.
    In-app notifications are never sent: they are read in the person's space.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",), no_key=True)
            .filter(pk=notification_id, statut=Statut.EN_ATTENTE, prochaine_tentative__lte=timezone.now())
            .exclude(canal=Canal.IN_APP)
            .first()
        )
        if notification is None:
            return False  # already sent or failed, being sent by another worker, or not due yet
        try:
            # A savepoint, so that even a database error while rendering leaves a usable
            # transaction in which to record the failure.
            with transaction.atomic():
                ENVOIS[notification.canal](notification)
        except SoftTimeLimitExceeded:
            raise  # the task ran out of time: roll back, the row stays due and the sweep retries it
        except Exception as exc:  # noqa: BLE001 - any backend failure is retried later, never raised
            _noter_echec(notification, exc)
            return False
        notification.statut = Statut.ENVOYEE
        notification.sent_at = timezone.now()
        notification.tentatives += 1
        notification.save(update_fields=["statut", "sent_at", "tentatives", "identifiant_fournisseur"])
    logger.info("Notification %s (%s « %s ») envoyée.", notification.pk, notification.canal, notification.modele)
    return True


def _noter_echec(notification, exc):
    notification.tentatives += 1
    notification.derniere_erreur = f"{type(exc).__name__}: {exc}"[:1000]
    if isinstance(exc, ErreurDefinitive) or notification.tentatives >= max_tentatives():
        notification.statut = Statut.ECHEC
        logger.error(
            "Notification %s en échec définitif après %s tentative(s) : %s",
            notification.pk,
            notification.tentatives,
            notification.derniere_erreur,
        )
    else:
        notification.prochaine_tentative = timezone.now() + delai_avant_tentative(notification.tentatives)
        logger.warning(
            "Notification %s : tentative %s en échec (%s), nouvel essai à %s.",
            notification.pk,
            notification.tentatives,
            notification.derniere_erreur,
            notification.prochaine_tentative.isoformat(),
        )
    notification.save(update_fields=["tentatives", "derniere_erreur", "statut", "prochaine_tentative"])


def balayer(limit=500, duree_max=DUREE_MAX_BALAYAGE):
    """Sends the due pending notifications, oldest due first; returns how many this call sent.

    Runs :func:`envoyer` in this worker rather than re-queuing tasks: the broker may be
    the very thing that failed, and :func:`envoyer` is safe to run concurrently.
    """
    ids = list(
        Notification.objects.filter(statut=Statut.EN_ATTENTE, prochaine_tentative__lte=timezone.now())
        .exclude(canal=Canal.IN_APP)
        .order_by("prochaine_tentative", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    fin = time.monotonic() + duree_max
    envoyees = 0
    for notification_id in ids:
        if time.monotonic() > fin:
            logger.info("Balayage interrompu après %s s : le suivant reprendra.", duree_max)
            break
        envoyees += envoyer(notification_id)
    return envoyees
