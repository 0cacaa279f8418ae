"""The NIR search's lookup, answered by the registration app (the NIR is a column of its file).

``inscription/apps.py`` plugs in a function NIR → ``Q`` on ``Personne`` (raising Django's
``ValidationError`` in French for an invalid NIR): the core imports no domain app.
"""

from django.core.exceptions import ValidationError

_CONDITION = []


def brancher(condition):
    """Called once from the registration app's ``ready()``."""
    _CONDITION[:] = [condition]


def condition_nir(nir):
    if not _CONDITION:
        raise ValidationError("La recherche par NIR n'est pas disponible.")
    return _CONDITION[0](nir)
