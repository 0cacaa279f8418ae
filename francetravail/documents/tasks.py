from celery import shared_task

from francetravail.documents import orphelins


@shared_task
def balayer_fichiers_orphelins():
    """The nightly sweep of stored files no row names any more (``documents.orphelins``)."""
    return orphelins.balayer()
