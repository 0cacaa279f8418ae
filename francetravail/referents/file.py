"""What puts a person in an organisation's « à attribuer » queue: a documented hook for the journey's apps.

The core cannot import the domain apps (they depend on it), yet the queue is made of their facts: the
orientation is decided (``orientation``), the registration is not ceased and came through some channel
(``inscription``). Each app registers a ``Critere`` from its ``AppConfig.ready()``:

- ``annoter(qs)`` adds its annotations to a ``Personne`` queryset (one subquery or join each, so the
  queue and its count stay a fixed number of queries);
- ``retenir``: a ``Q`` on those annotations a person must match to be in the queue (or None);
- ``exclure``: a ``Q`` a person must not match (or None).

The annotations the pages read, when an app provides them: ``date_orientation`` (the decision that made the
organisation référent, a datetime) and ``origine`` (the registration channel, with ``choix_origine``).
Without any criterion the queue is every person of the organisation with no référent unique.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

_CRITERES = {}
_CHOIX_ORIGINE = []


@dataclass(frozen=True)
class Critere:
    cle: str
    annoter: Any
    retenir: Q | None = None
    exclure: Q | None = None
    annotations: tuple = field(default_factory=tuple)


def enregistrer(critere, *, choix_origine=None):
    _CRITERES[critere.cle] = critere
    if choix_origine:
        _CHOIX_ORIGINE[:] = list(choix_origine)


def criteres():
    return list(_CRITERES.values())


def choix_origine():
    """(value, label) of the registration channels, when the registration app gave them."""
    return list(_CHOIX_ORIGINE)


def annotations():
    """The names every registered criterion annotates (``date_orientation``, ``origine``…)."""
    return {nom for critere in _CRITERES.values() for nom in critere.annotations}


def appliquer(qs):
    """``qs`` annotated and restricted by every registered criterion."""
    for critere in _CRITERES.values():
        qs = critere.annoter(qs)
        if critere.retenir is not None:
            qs = qs.filter(critere.retenir)
        if critere.exclure is not None:
            qs = qs.exclude(critere.exclure)
    return qs
