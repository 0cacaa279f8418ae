"""The API's resources of the domain apps, which the core never imports (tests/test_architecture.py).

A domain app declares each of its viewsets from its ``AppConfig.ready()``, by dotted path:
``declarer("contrats", "contrats.api.views.ContratViewSet", basename="contrat")``; ``francetravail/api.py``
registers them on ``/api/v1/`` when the URLconf is loaded (after every app is ready).
"""

RESSOURCES = {}


def declarer(prefixe, vue, *, basename):
    """``/api/v1/<prefixe>/`` served by the viewset at the dotted path ``vue``; URL names ``<basename>-…``."""
    RESSOURCES[prefixe] = (vue, basename)
