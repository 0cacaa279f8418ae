"""The worker's tasks of « Mes données »: the nightly retention sweep here; the copy's tasks in their own module,
imported here so that Celery's ``autodiscover_tasks`` (which imports every app's ``tasks``) registers them."""

from celery import shared_task

from francetravail.donnees import (
    conservation,
    tasks_copie,  # noqa: F401
)


@shared_task
def balayer_conservation():
    """The nightly retention sweep; returns {rule: files treated} (each also written in the purge register)."""
    try:
        lignes = conservation.balayer()
    except conservation.BalayageEnCours:
        return {}
    return {f"{ligne.regle}:{ligne.action}": ligne.nombre for ligne in lignes}
