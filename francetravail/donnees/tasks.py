from celery import shared_task

from francetravail.donnees import conservation


@shared_task
def balayer_conservation():
    """The nightly retention sweep; returns {rule: files treated} (each also written in the purge register)."""
    try:
        lignes = conservation.balayer()
    except conservation.BalayageEnCours:
        return {}
    return {f"{ligne.regle}:{ligne.action}": ligne.nombre for ligne in lignes}
