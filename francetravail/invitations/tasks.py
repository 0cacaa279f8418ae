"""The invitations' worker side: a bulk invitation's batches, and the relance / expiry sweeps (beat)."""

import logging

from celery import shared_task

from francetravail.invitations import actions

logger = logging.getLogger(__name__)


def planifier_lot(lot_id):
    """Queues the work of lot ``lot_id``; with the broker down, the sweep (``balayer_invitations``) takes
    the lot up later. Called on commit: never raises."""
    try:
        app = traiter_lot_invitations.app
        with app.connection_for_write(transport_options={"max_retries": 0}) as connexion:
            traiter_lot_invitations.apply_async((lot_id,), connection=connexion, retry=False)
    except Exception:  # noqa: BLE001 - a broker outage must never fail the web request
        logger.warning("Broker injoignable : le lot d'invitations %s attend le balayage.", lot_id, exc_info=True)


@shared_task(ignore_result=True)
def traiter_lot_invitations(lot_id):
    """Invites the lot's people batch by batch; past ``DUREE_MAX_LOT`` it queues itself again (the
    soft time limit is 60 s), the lot resuming where it stopped."""
    if not actions.traiter_lot(lot_id, duree_max=actions.DUREE_MAX_LOT):
        traiter_lot_invitations.delay(lot_id)


@shared_task(ignore_result=True)
def balayer_invitations():
    """Beat: relances due, invitations expired (bounded batches each), lots left running. Returns the counts."""
    relancees = actions.relancer_dues()
    expirees = actions.expirer_echues()
    for lot_id in actions.lots_a_reprendre():
        planifier_lot(lot_id)
    return {"relancees": relancees, "expirees": expirees}
