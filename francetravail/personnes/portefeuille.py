"""Columns of the conseiller's portfolio, contributed by the apps of the journey.

The core list cannot import the domain apps (they depend on it), so each app
registers, in its AppConfig.ready(), what it adds: an annotation of the people
queryset (one subquery, so the page's query count does not grow with the number
of people), the text of the cell, and whether the row is late on that step.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class Colonne:
    cle: str
    titre: str
    annoter: Callable[[QuerySet], QuerySet]
    texte: Callable[[object], str]
    # Q on the annotated queryset for "late on this step" (None: never late; a function
    # when the condition depends on today's date), and the same test on a row.
    retard_q: Q | Callable[[], Q] | None = None
    en_retard: Callable[[object], bool] = lambda personne: False
    ordre: int = 100


@dataclass(frozen=True)
class HorsSuivi:
    """People the portfolio must not chase (e.g. a registration ceased by a radiation): never « en
    retard », whatever the columns say. ``q`` on the annotated queryset, ``test`` on a row."""

    cle: str
    q: Q
    test: Callable[[object], bool]
    # The annotations ``q`` reads, for a queryset not annotated by ``annoter`` (the « À faire » counts).
    annoter: Callable[[QuerySet], QuerySet] = lambda qs: qs


_COLONNES: dict[str, Colonne] = {}
_HORS_SUIVI: dict[str, HorsSuivi] = {}


def enregistrer(colonne):
    _COLONNES[colonne.cle] = colonne


def enregistrer_hors_suivi(hors_suivi):
    _HORS_SUIVI[hors_suivi.cle] = hors_suivi


def colonnes():
    return sorted(_COLONNES.values(), key=lambda c: (c.ordre, c.cle))


def annoter(qs):
    for colonne in colonnes():
        qs = colonne.annoter(qs)
    return qs


def hors_suivi():
    return list(_HORS_SUIVI.values())


def annoter_hors_suivi(qs):
    """Only what the « hors suivi » conditions read (cheaper than every column)."""
    for hors in _HORS_SUIVI.values():
        qs = hors.annoter(qs)
    return qs


def en_retard_q():
    """People late on any step (filter "en retard")."""
    conditions = [c.retard_q() if callable(c.retard_q) else c.retard_q for c in colonnes() if c.retard_q is not None]
    if not conditions:
        return Q(pk__in=[])
    condition = conditions[0]
    for autre in conditions[1:]:
        condition |= autre
    for hors in _HORS_SUIVI.values():
        condition &= ~hors.q
    return condition


def _hors_suivi(personne):
    return any(h.test(personne) for h in _HORS_SUIVI.values())


def lignes(personnes):
    """(person, [(text, late)] per column) for the page being shown."""
    cols = colonnes()
    return [(p, [(c.texte(p), c.en_retard(p) and not _hors_suivi(p)) for c in cols]) for p in personnes]
