from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from francetravail.audit.models import JournalAcces


@shared_task
def purger_journal_acces(batch_size=10_000):
    """Deletes access-log rows older than the retention period, in bounded batches."""
    limite = timezone.now() - timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    total = 0
    while True:
        ids = list(JournalAcces.objects.filter(at__lt=limite).values_list("pk", flat=True)[:batch_size])
        if not ids:
            return total
        total += JournalAcces.objects.filter(pk__in=ids).delete()[0]
