"""« À faire »: the queues of the day's work on the professional dashboard, contributed by the apps.

The core cannot import the domain apps (they depend on it), so each app registers, in its
AppConfig.ready(), the queues it owns (``enregistrer``): a label, the roles that open it, and
either
- a condition on the people the user sees (``q``, with the annotations it reads): the queue's
  page is then the portfolio list filtered on it (``backoffice:personnes?a_faire=<clé>``), and
  it is counted over ``personnes_visibles``, one COUNT each; or
- its own count (``compter(user)``, a fixed number of queries) and the URL of its own page.

A queue whose page takes an organisation registers ``detailler`` (one line per organisation): the
référents' « personnes à attribuer » (francetravail/referents/a_faire.py). The invitations received
register the same way, one ``enregistrer(File(..., compter=..., url=...))`` in their apps.py.

So the dashboard costs a fixed number of queries whatever the number of people (see
tests/a_faire and tests/benchmarks/test_a_faire.py). A queue with nothing in it is shown with
« 0 », never hidden: the user sees the work is done, not that a queue vanished.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse

from francetravail.personnes import portefeuille
from francetravail.personnes.acces import personnes_visibles
from francetravail.reseau.roles import contexte_professionnel


@dataclass(frozen=True)
class File:
    cle: str
    libelle: str
    description: str
    roles: frozenset
    # Either a condition on the people the user sees (a Q, or a function returning one when it
    # depends on today's date) with the annotations it reads…
    q: Q | Callable[[], Q] | None = None
    annoter: Callable[[QuerySet], QuerySet] = field(default=lambda qs: qs)
    # …or its own count and page: ``compter(user) -> int`` and a URL name (with its query string)…
    compter: Callable[[object], int] | None = None
    # …or one line per organisation (a queue whose page takes the organisation):
    # ``detailler(user) -> [(name, count, URL kwargs)]``, a fixed number of queries.
    detailler: Callable[[object], list] | None = None
    url: str = ""
    parametres: str = ""
    ordre: int = 100

    def condition(self):
        return self.q() if callable(self.q) else self.q

    def lien(self, **kwargs):
        if kwargs:
            return reverse(self.url, kwargs=kwargs)
        if self.compter is None:
            return f"{reverse('backoffice:personnes')}?a_faire={self.cle}"
        return reverse(self.url) + (f"?{self.parametres}" if self.parametres else "")


@dataclass(frozen=True)
class Ligne:
    file: File
    nombre: int
    lien: str
    libelle: str = ""

    def __post_init__(self):
        if not self.libelle:
            object.__setattr__(self, "libelle", self.file.libelle)


_FILES: dict[str, File] = {}


def enregistrer(file):
    if [file.q, file.compter, file.detailler].count(None) != 2:
        raise ValueError(f"La file « {file.cle} » a soit une condition sur les personnes, soit son propre compte.")
    if file.q is None and not file.url:
        raise ValueError(f"La file « {file.cle} » compte elle-même : elle doit avoir sa page (url).")
    _FILES[file.cle] = file


def files():
    return sorted(_FILES.values(), key=lambda f: (f.ordre, f.cle))


def files_ouvertes(user):
    """The queues ``user``'s roles open, in the dashboard's order."""
    if not (user.is_authenticated and user.is_active and user.est_professionnel):
        return []
    roles = contexte_professionnel(user).roles
    return [f for f in files() if f.roles & roles]


def file_des_personnes(user, cle):
    """The people-queue ``cle`` if ``user``'s roles open it, else None (the list then refuses it)."""
    return next((f for f in files_ouvertes(user) if f.cle == cle and f.q is not None), None)


def hors_suivi_q():
    """People the portfolio does not chase (e.g. an ended accompaniment), on an annotated queryset."""
    condition = Q(pk__in=[])
    for hors in portefeuille.hors_suivi():
        condition |= hors.q
    return condition


def filtrer(qs, file):
    """``qs`` (people annotated by ``portefeuille.annoter``) restricted to the people-queue ``file``:
    the queue's own annotations (made for counts over many people) replace the columns' for the filter."""
    return file.annoter(qs).filter(file.condition()).exclude(hors_suivi_q())


def lignes(user):
    """Each queue ``user``'s roles open, with its count and its page: one query per queue (two for the
    first appointments, whose delay is read first), whatever the number of people."""
    ouvertes = files_ouvertes(user)
    base = portefeuille.annoter_hors_suivi(personnes_visibles(user))
    nombres = {}
    # One COUNT per people-queue, each with only its own annotations: PostgreSQL then evaluates a
    # row's subqueries only as far as the queue's condition needs (one aggregate over every queue's
    # annotations computed them all for every person: 5 s at 10 000 people, see the bench).
    with transaction.atomic():
        # These counts are estimated costly (a subquery per person), which makes PostgreSQL compile
        # them (JIT) for up to seconds each, far more than they take to run: not for this transaction.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        for f in ouvertes:
            if f.q is not None:
                nombres[f.cle] = f.annoter(base).filter(f.condition()).exclude(hors_suivi_q()).count()
    resultat = []
    for f in ouvertes:
        if f.detailler is not None:
            for nom, nombre, kwargs in f.detailler(user):
                resultat.append(Ligne(f, nombre, f.lien(**kwargs), f"{f.libelle} — {nom}"))
            continue
        nombre = nombres[f.cle] if f.q is not None else f.compter(user)
        resultat.append(Ligne(f, nombre, f.lien()))
    return resultat
