"""The partner API's nightly housekeeping (francetravail/beat.py)."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone
from oauth2_provider.models import clear_expired

from francetravail.partenaires.models import RequeteIdempotente

# An Idempotency-Key is honoured for 24 hours (its stored answer is replayed); after that the key is free.
DUREE_IDEMPOTENCE = timedelta(hours=24)


@shared_task
def purger_requetes_idempotentes(taille_lot=5_000):
    """Deletes the idempotency rows older than ``DUREE_IDEMPOTENCE``, in bounded batches (short locks)."""
    limite = timezone.now() - DUREE_IDEMPOTENCE
    total = 0
    while True:
        ids = list(RequeteIdempotente.objects.filter(cree_le__lt=limite).values_list("pk", flat=True)[:taille_lot])
        if not ids:
            return total
        total += RequeteIdempotente.objects.filter(pk__in=ids).delete()[0]


@shared_task
def purger_jetons_expires():
    """django-oauth-toolkit's ``cleartokens``: expired access tokens (and stale refresh/ID tokens), in
    its batches (CLEAR_EXPIRED_TOKENS_BATCH_SIZE). A revoked client's tokens are deleted at revocation."""
    clear_expired()
