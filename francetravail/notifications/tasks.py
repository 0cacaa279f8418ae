import logging

from celery import shared_task

from francetravail.notifications.dispatch import balayer, envoyer

logger = logging.getLogger(__name__)


def planifier_envoi(notification_id):
    """Queues the sending; if the broker is unreachable the row stays pending for the sweep.

    Called from ``transaction.on_commit`` inside web requests, so it must neither fail
    nor hang when Redis is down. Celery's pooled publish retries the connection for
    ``broker_connection_timeout`` (2 s) even on « connection refused »; here a fresh
    connection with ``max_retries=0`` fails at the first refusal (a few ms), and
    ``socket_connect_timeout`` (2 s, broker transport options) bounds an unanswering
    host. ``retry=False``: no publish retry either. Costs a Redis connection per
    notification (a few ms), which notifications can afford.
    """
    try:
        app = envoyer_notification.app
        with app.connection_for_write(transport_options={"max_retries": 0}) as connexion:
            envoyer_notification.apply_async((notification_id,), connection=connexion, retry=False)
    except Exception:  # noqa: BLE001 - a broker outage must never fail the web request
        logger.warning("Broker injoignable : la notification %s attend le balayage.", notification_id, exc_info=True)


def planifier_envois(notification_ids):
    """Queues the sending of many notifications as one task (a bulk write); same guarantees as
    ``planifier_envoi``: a broker down leaves the rows pending for the sweep."""
    try:
        app = envoyer_notifications.app
        with app.connection_for_write(transport_options={"max_retries": 0}) as connexion:
            envoyer_notifications.apply_async((list(notification_ids),), connection=connexion, retry=False)
    except Exception:  # noqa: BLE001 - a broker outage must never fail the caller
        logger.warning(
            "Broker injoignable : %s notifications attendent le balayage.", len(notification_ids), exc_info=True
        )


@shared_task(ignore_result=True)
def envoyer_notifications(notification_ids):
    for notification_id in notification_ids:
        envoyer(notification_id)


@shared_task(ignore_result=True)
def envoyer_notification(notification_id):
    envoyer(notification_id)


@shared_task(ignore_result=True)
def balayer_notifications():
    return balayer()
