"""The domain apps' resources of ``/api/v1/``, registered from their ``apps.py`` (the core imports no domain app).

An app calls ``enregistrer("orientations", DecisionViewSet, basename="orientation")`` in its ``ready()``;
``francetravail/api.py`` adds every registered resource to the router when the URLconf is loaded (after
every app is ready), so the order of ``INSTALLED_APPS`` does not matter.
"""

ROUTES = []


def enregistrer(prefixe, viewset, *, basename):
    """Adds ``viewset`` under ``/api/v1/<prefixe>/`` (names ``v1:<basename>-list``, ``v1:<basename>-detail``)."""
    if any(route[0] == prefixe for route in ROUTES):
        return  # ready() run twice (tests reloading apps): the first registration stands
    ROUTES.append((prefixe, viewset, basename))
