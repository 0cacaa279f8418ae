from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone


@shared_task(ignore_result=True)
def purger_sessions_expirees(batch_size=10_000):
    """Deletes expired sessions, in bounded batches (Django's ``clearsessions``, without one
    long statement). Sessions live in the database only (SESSION_ENGINE db): nothing else
    removes those that were never logged out of."""
    maintenant = timezone.now()
    total = 0
    while True:
        cles = list(Session.objects.filter(expire_date__lt=maintenant).values_list("pk", flat=True)[:batch_size])
        if not cles:
            return total
        total += Session.objects.filter(pk__in=cles).delete()[0]
