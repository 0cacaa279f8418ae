"""The worker's tasks of the copy of a person's file: building it, and its sweep (registered through
``donnees/tasks.py``).

Tasks take ids and call the domain functions (``copie_zip``, ``copie_actions``)."""

from celery import shared_task

from francetravail.donnees import copie_zip


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
