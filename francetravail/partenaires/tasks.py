import logging

from celery import shared_task

from francetravail.partenaires.livraison import balayer, livrer

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
