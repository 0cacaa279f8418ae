"""The partner API's tasks: webhook deliveries (after the commit, and swept by beat) and the nightly housekeeping."""

import logging

from celery import shared_task
from django.utils import timezone
from oauth2_provider.models import clear_expired

from francetravail.partenaires.livraison import balayer, livrer
from francetravail.partenaires.models import DUREE_IDEMPOTENCE, RequeteIdempotente

logger = logging.getLogger(__name__)


def planifier_livraisons(livraison_ids):
    """Queues the sending of deliveries just committed; if the broker is unreachable they stay pending for the sweep.

    Called from ``transaction.on_commit`` (``evenements.emettre``), inside web requests: it must neither fail nor
    hang when Redis is down (same fresh connection without retries as ``notifications.tasks.planifier_envois``).
    """
    try:
        app = livrer_webhooks.app
        with app.connection_for_write(transport_options={"max_retries": 0}) as connexion:
            livrer_webhooks.apply_async((list(livraison_ids),), connection=connexion, retry=False)
    except Exception:  # noqa: BLE001 - a broker outage must never fail the caller
        logger.warning("Broker injoignable : %s webhooks attendent le balayage.", len(livraison_ids), exc_info=True)


@shared_task(ignore_result=True)
def livrer_webhooks(livraison_ids):
    for livraison_id in livraison_ids:
        livrer(livraison_id)


@shared_task(ignore_result=True)
def balayer_webhooks():
    return balayer()


@shared_task
def purger_requetes_idempotentes(taille_lot=5_000):
    """Deletes the idempotency rows older than ``DUREE_IDEMPOTENCE``, in bounded batches (short locks)."""
    limite = timezone.now() - DUREE_IDEMPOTENCE
    total = 0
    while True:
        ids = list(RequeteIdempotente.objects.filter(cree_le__lt=limite).values_list("pk", flat=True)[:taille_lot])
        if not ids:
            return total
        total += RequeteIdempotente.objects.filter(pk__in=ids).delete()[0]


@shared_task
def purger_jetons_expires():
    """django-oauth-toolkit's ``cleartokens``: expired access tokens (and stale refresh/ID tokens), in
    its batches (CLEAR_EXPIRED_TOKENS_BATCH_SIZE). A revoked client's tokens are deleted at revocation."""
    clear_expired()
