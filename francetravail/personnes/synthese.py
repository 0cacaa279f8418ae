"""The person page at a glance: each step of the journey as a block with its state, date and alerts.

The core imports no domain app: each app that holds a step registers a ``Rubrique`` here from its
``apps.py`` (``brancher``). ``annoter`` adds the app's facts to the person page's one query
(``queries.fiche``, compiled once: no Python value of "now" — use ``Now()``); ``lire`` turns the
loaded row into a ``Bloc`` and its ``Alerte``s without a query. The page thus costs the same queries
whatever the file holds (tests/personnes/test_fiche_synthese.py, ``make bench``).

Planning that query is most of its cost: an app adds ONE column, a JSON object of the facts of its
latest row (``objet``, read back by ``lire_objet``), rather than one subquery per fact — and never an
annotation that refers to another subquery annotation, which the ORM copies into each use. The legal
parameters a rule needs (``parametres``) come as one more column for all the apps, the rows of the
person's département and the national ones, chosen in Python by the lookup's own rule
(``francetravail.parametres.lookup.retenir``): ``parametre(personne, cle, le)``.

``genre``: the prefix of the app's audit events (``francetravail.audit.enums.TypeEvenement``), so that
the timeline hides the events of a block its reader may not see (``visible``).
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from francetravail.parametres.lookup import ParametreIntrouvable, retenir
from francetravail.parametres.models import ParametreLegal


@dataclass(frozen=True)
class Alerte:
    libelle: str
    echeance: date | datetime | None = None
    lien: str = ""  # relative to the person page (no URL reversing on the most read page)
    niveau: str = "warning"  # a DSFR alert level: "warning", "info", "error"


@dataclass(frozen=True)
class Bloc:
    cle: str
    titre: str
    etat: str
    date: date | datetime | None = None
    details: tuple = ()  # (term, description) pairs
    lien: str = ""  # relative to the person page
    en_retard: bool = False

    @property
    def html(self):
        """The block's title, state, date and details, escaped: written here rather than in the
        template, whose loops cost a third of the most read page's time (``make bench``)."""
        titre = format_html('<a href="{}">{}</a>', self.lien, self.titre) if self.lien else self.titre
        retard = mark_safe(' <span class="fr-badge fr-badge--sm fr-badge--warning">En retard</span>')  # noqa: S308
        morceaux = [
            format_html('<h3 class="fr-h6 fr-mb-1w" id="etape-{}">{}</h3>', self.cle, titre),
            format_html('<p class="fr-mb-1w"><strong>{}</strong>{}</p>', self.etat, retard if self.en_retard else ""),
        ]
        if self.date:
            morceaux.append(
                format_html('<p class="fr-text--sm fr-mb-1w">Le {}</p>', _jour(self.date).strftime("%d/%m/%Y"))
            )
        if self.details:
            lignes = format_html_join("", "<dt>{}</dt><dd>{}</dd>", self.details)
            morceaux.append(format_html('<dl class="ft-fiche ft-fiche--compacte">{}</dl>', lignes))
        return mark_safe("".join(morceaux))  # noqa: S308 — each piece escaped by format_html


@dataclass(frozen=True)
class Lecture:
    bloc: Bloc | None = None
    alertes: tuple = ()


def toujours(user, personne):
    return True


@dataclass(frozen=True)
class Rubrique:
    cle: str
    ordre: int
    annoter: Callable[[QuerySet], QuerySet]
    lire: Callable[[object, date], Lecture]
    visible: Callable[[object, object], bool] = toujours
    genre: str = ""
    parametres: tuple = ()  # keys of ParametreLegal that ``lire`` reads with ``parametre``


_RUBRIQUES: dict[str, Rubrique] = {}
_ETATS: dict[str, dict] = {}


def brancher(rubrique):
    _RUBRIQUES[rubrique.cle] = rubrique


def brancher_etats(genre, choix):
    """The French labels of the states the ``genre`` events' transitions record (``data["apres"]``)."""
    _ETATS[genre] = dict(choix)


def libelle_etat(genre, code):
    return _ETATS.get(genre, {}).get(code, "") if code else ""


def rubriques():
    return sorted(_RUBRIQUES.values(), key=lambda r: (r.ordre, r.cle))


def annoter(qs):
    for rubrique in rubriques():
        qs = rubrique.annoter(qs)
    cles = sorted({cle for rubrique in rubriques() for cle in rubrique.parametres})
    if cles:
        lignes = ParametreLegal.objects.filter(
            Q(departement__isnull=True) | Q(departement_id=OuterRef("departement_id")), cle__in=cles
        ).order_by("cle", "valide_du", "pk")
        qs = qs.annotate(
            fiche_parametres=ArraySubquery(
                lignes.values(
                    json=JSONObject(
                        cle="cle",
                        valeur="valeur",
                        valide_du="valide_du",
                        valide_au="valide_au",
                        departement="departement_id",
                        departemental="departemental",
                    )
                )
            )
        )
    return qs


def objet(queryset, **champs):
    """One column: a JSON object of ``champs`` (names → expressions) of the first row of ``queryset``
    (correlated to the person by ``OuterRef``), or NULL. Read back with ``lire_objet``."""
    return Subquery(queryset.values(json=JSONObject(**champs))[:1])


def lire_objet(valeur):
    """A column made by ``objet`` (or a JSON array element) as a dict: {} when NULL. Numbers are Decimals;
    dates and instants stay ISO text (``jour``, ``instant``)."""
    if valeur is None:
        return {}
    if isinstance(valeur, str):  # raw rows keep jsonb as text (Django's psycopg loader)
        return json.loads(valeur, parse_float=Decimal)
    return valeur


def jour(texte):
    return date.fromisoformat(texte[:10]) if texte else None


def instant(texte):
    return datetime.fromisoformat(texte) if texte else None


def parametre(personne, cle, le):
    """The value of ``cle`` in force on ``le`` for the person's département (``lookup.valeur``'s rule),
    from the rows loaded with the page; raises ``ParametreIntrouvable`` as the lookup does."""
    nationale = departementale = None
    for ligne in map(lire_objet, getattr(personne, "fiche_parametres", None) or ()):
        if ligne["cle"] != cle or jour(ligne["valide_du"]) > le:
            continue
        if ligne["valide_au"] and jour(ligne["valide_au"]) <= le:
            continue
        row = ParametreLegal(
            cle=cle,
            valeur=Decimal(str(ligne["valeur"])),
            departement_id=ligne["departement"],
            departemental=ligne["departemental"],
        )
        if row.departement_id is None:
            nationale = row
        else:
            departementale = row
    row = retenir(nationale, departementale)
    if row is None:
        raise ParametreIntrouvable(f"Aucune valeur du paramètre « {cle} » en vigueur le {le:%d/%m/%Y}.")
    return row.valeur


def genres_restreints():
    """The kinds of events some readers of a file may not see (their rubrique says who may)."""
    return {r.genre for r in rubriques() if r.genre and r.visible is not toujours}


def genres_caches(user, personne):
    """Prefixes of the audit events ``user`` may not see in ``personne``'s timeline (their block is hidden)."""
    return {r.genre for r in rubriques() if r.genre and not r.visible(user, personne)}


@dataclass(frozen=True)
class Synthese:
    blocs: tuple
    alertes: tuple

    def bloc(self, cle):
        return next((b for b in self.blocs if b.cle == cle), None)


def synthese(personne, user, aujourdhui=None):
    """The blocks and the alerts of ``personne`` as loaded by ``queries.fiche()``, for ``user``."""
    aujourdhui = aujourdhui or timezone.localdate()
    blocs, alertes = [], []
    for rubrique in rubriques():
        if not rubrique.visible(user, personne):
            continue
        lecture = rubrique.lire(personne, aujourdhui)
        if lecture.bloc is not None:
            blocs.append(lecture.bloc)
        alertes.extend(lecture.alertes)
    # The nearest deadline first; alerts without one after.
    alertes.sort(key=lambda a: (a.echeance is None, _jour(a.echeance)))
    return Synthese(tuple(blocs), tuple(alertes))


def _jour(echeance):
    if echeance is None:
        return date.max
    if isinstance(echeance, datetime):
        return timezone.localdate(echeance)
    return echeance
