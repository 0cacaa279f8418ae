"""A per-account budget of requests per minute, for the autocompletes typed into forms.

The JSON autocompletes answer every keystroke (debounced by the page's script); a script
could also call them in a loop to read the reference data or load the database. The count
lives in the shared cache (``CacheRedisTolerante``: kept in memory while Redis is down, so
the limit still holds). A fixed one-minute window: simple, and enough for a bound.
"""

import time

from django.conf import settings
from django.core.cache import cache


def depasse(user, nom):
    """True when ``user`` has already spent this minute's budget for ``nom`` (then not counted again)."""
    limite = settings.AUTOCOMPLETION_PAR_MINUTE
    cle = f"debit:{nom}:{user.pk}:{int(time.time() // 60)}"
    cache.add(cle, 0, timeout=120)
    try:
        compte = cache.incr(cle)
    except ValueError:
        # The key expired between add and incr (the minute turned): start the new count.
        cache.add(cle, 1, timeout=120)
        compte = 1
    return compte > limite
