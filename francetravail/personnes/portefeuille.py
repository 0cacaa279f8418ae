"""Columns of the conseiller's portfolio, contributed by the apps of the journey.

The core list cannot import the domain apps (they depend on it), so each app
registers, in its AppConfig.ready(), what it adds: an annotation of the people
queryset (one subquery, so the page's query count does not grow with the number
of people), the text of the cell, and whether the row is late on that step.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When


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
    # Shown to whoever has not chosen their columns (« mon portefeuille » keeps a few, readable at 1280 px).
    par_defaut: bool = True


@dataclass(frozen=True)
class Filtre:
    """A filter of the list contributed by an app: ``choix()`` [(value, label)], ``q(value)`` on the annotated
    queryset. « étape » filters are one list of choices across apps (``Etape``)."""

    cle: str
    libelle: str
    choix: Callable[[], list]
    q: Callable[[str], Q]


@dataclass(frozen=True)
class Etape:
    """A step of the journey a person may be at (filter « étape »): ``q()`` on the annotated queryset."""

    cle: str
    libelle: str
    q: Callable[[], Q]
    ordre: int = 100


@dataclass(frozen=True)
class Tri:
    """A sort order of the list: ``ordre()`` the ``order_by`` expressions (the name breaks ties)."""

    cle: str
    libelle: str
    ordre: Callable[[], list]


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
_FILTRES: dict[str, Filtre] = {}
_ETAPES: dict[str, Etape] = {}
_TRIS: dict[str, Tri] = {}

PAR_NOM = ("nom_naissance", "prenoms", "pk")


def enregistrer(colonne):
    _COLONNES[colonne.cle] = colonne


def enregistrer_filtre(filtre):
    _FILTRES[filtre.cle] = filtre


def enregistrer_etape(etape):
    _ETAPES[etape.cle] = etape


def enregistrer_tri(tri):
    _TRIS[tri.cle] = tri


def filtres():
    return list(_FILTRES.values())


def etapes():
    return sorted(_ETAPES.values(), key=lambda e: (e.ordre, e.cle))


def etape(cle):
    return _ETAPES.get(cle)


def tris():
    return [
        Tri("nom", "Nom", lambda: list(PAR_NOM)),
        Tri("retard", "En retard d'abord", _retard_d_abord),
        *_TRIS.values(),
    ]


def ordre_de_tri(cle):
    """The ``order_by`` of the sort ``cle`` (by name when unknown), the name breaking ties."""
    tri = next((t for t in tris() if t.cle == cle), None) or tris()[0]
    return [*tri.ordre(), *PAR_NOM]


def _retard_d_abord():
    return [Case(When(en_retard_q(), then=Value(0)), default=Value(1), output_field=IntegerField())]


def enregistrer_hors_suivi(hors_suivi):
    _HORS_SUIVI[hors_suivi.cle] = hors_suivi


def colonnes():
    return sorted(_COLONNES.values(), key=lambda c: (c.ordre, c.cle))


def colonnes_choisies(cles):
    """The columns among ``cles`` (a user's choice, None: never chosen → the default ones), in list order."""
    if cles is None:
        return [c for c in colonnes() if c.par_defaut]
    return [c for c in colonnes() if c.cle in set(cles)]


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


def lignes(personnes, cols=None):
    """(person, [(text, late)] per column) for the page being shown."""
    cols = colonnes() if cols is None else cols
    return [(p, [(c.texte(p), c.en_retard(p) and not _hors_suivi(p)) for c in cols]) for p in personnes]


# The person's own columns (core): what the list showed before columns could be chosen.


def _sans_annotation(qs):
    return qs


def _commune(p):
    return p.commune.nom if p.commune_id else "Non renseignée"


def _organisme(p):
    return p.organisme_referent.nom if p.organisme_referent_id else "Pas encore désigné"


def _referent(p):
    if not p.referent_unique_id:
        return "Pas encore désigné"
    return p.referent_unique.get_full_name() or p.referent_unique.email


enregistrer(
    Colonne("naissance", "Date de naissance", _sans_annotation, lambda p: f"{p.date_naissance:%d/%m/%Y}", ordre=1)
)
enregistrer(Colonne("commune", "Commune", _sans_annotation, _commune, ordre=2, par_defaut=False))
enregistrer(Colonne("organisme", "Organisme référent", _sans_annotation, _organisme, ordre=3, par_defaut=False))
enregistrer(Colonne("referent", "Référent unique", _sans_annotation, _referent, ordre=4, par_defaut=False))
