import logging

from celery import shared_task

logger = logging.getLogger(__name__)


def planifier_envoi(notification_id):
    """Queues the sending; if the broker is unreachable the row stays pending for the sweep."""
    try:
        envoyer_notification.delay(notification_id)
    except Exception:  # noqa: BLE001 - a broker outage must never fail the web request
        logger.warning("Broker injoignable : la notification %s attend le balayage.", notification_id)


@shared_task(ignore_result=True)
def envoyer_notification(notification_id):
    from francetravail.notifications.dispatch import envoyer

    envoyer(notification_id)


@shared_task(ignore_result=True)
def balayer_notifications():
    from francetravail.notifications.dispatch import balayer

    return balayer()
