"""The worker's tasks of « Mes données »: the nightly retention sweep, building the copy of a file, and its sweep.

Tasks take ids and call the domain functions (``conservation``, ``copie_zip``, ``copie_actions``)."""

from celery import shared_task

from francetravail.donnees import conservation, copie_zip


@shared_task
def balayer_conservation():
    """The nightly retention sweep; returns {rule: files treated} (each also written in the purge register)."""
    try:
        lignes = conservation.balayer()
    except conservation.BalayageEnCours:
        return {}
    return {f"{ligne.regle}:{ligne.action}": ligne.nombre for ligne in lignes}


@shared_task(ignore_result=True)
def construire_copie(copie_id):
    """Builds the ZIP of copy ``copie_id`` (nothing when it is already built or being built elsewhere)."""
    copie_zip.construire(copie_id)


@shared_task(ignore_result=True)
def balayer_copies():
    """Deletes the copies past their availability, queues again the ones left waiting."""
    # cycle: copie_actions imports this module to queue construire_copie.
    from francetravail.donnees import copie_actions

    return {
        "expirees": copie_actions.expirer_copies(),
        "relancees": copie_actions.relancer_copies_en_souffrance(),
    }
