"""The API's request limits (REST framework throttles), kept in the shared Redis cache.

A partner's software is counted per API client (all its tokens together), a logged-in
person per account, an anonymous caller per IP address (the address
of the connection: ``X-Forwarded-For`` is read only behind ``NUM_PROXIES`` trusted proxies,
otherwise anyone could name a new address at each request). The rates come from the
settings (``DEFAULT_THROTTLE_RATES``, from the environment) and are read at each request:
REST framework's own classes read them once, at import.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle


class _TauxCourant:
    def get_rate(self):
        self.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        return super().get_rate()


class LimiteParUtilisateur(_TauxCourant, UserRateThrottle):
    """Per account; anonymous callers are left to ``LimiteParClientAnonyme``, API clients to ``LimiteParClient``."""

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated) or getattr(request, "client_api", None):
            return None
        return super().get_cache_key(request, view)


class LimiteParClientAnonyme(_TauxCourant, AnonRateThrottle):
    """Per IP address, for callers who are not logged in (the schema and its documentation)."""


class LimiteParClient(_TauxCourant, SimpleRateThrottle):
    """Per API client (``request.client_api``, set by its bearer token): rate ``client`` (``API_LIMITE_CLIENT``)."""

    scope = "client"

    def get_cache_key(self, request, view):
        client = getattr(request, "client_api", None)
        if client is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client.pk}
