"""The professional a partner's software names for a call, written in the access log beside the client.

The API's authentication sets it from the ``X-Professionnel`` header (an active member of the
client's organisation); every access-log row written during that request carries it. The
middleware clears it around each request, so a worker thread never carries it into the next one.
"""

from contextvars import ContextVar

# The named professional's user id, or None.
professionnel_nomme = ContextVar("professionnel_nomme", default=None)


class ContexteJournalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        jeton = professionnel_nomme.set(None)
        try:
            return self.get_response(request)
        finally:
            professionnel_nomme.reset(jeton)
