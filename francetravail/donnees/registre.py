"""What each app tells the retention sweep (``francetravail/donnees/conservation.py``), declared once in
``<app>/conservation.py`` (imported when Django starts, ``DonneesConfig.ready``): the core never imports a
domain app, the domain apps hook into it.

- ``@activite``: ``fonction(depuis)`` returns a queryset of the app's rows, **correlated to the person**
  (``personne=OuterRef("pk")``), that show the file lived on or after ``depuis`` (a right in force, a
  recent change…). A file with none of them, and no other sign of life, is due for the archive.
- ``@retenue``: ``fonction(maintenant)`` returns such a correlated queryset of what holds the file (an
  appeal or a litigation pending, R5312-44's extension): a held file is neither archived nor anonymised.
- ``@anonymisation``: ``fonction(personne_ids)`` erases the app's identifying data (free texts,
  numbers) of these people at the end of the archive, rows kept so that the indicators' counts stay.
- ``regle_courte(...)``: a shorter duration of one data category (R5312-44: incarceration, disability,
  sign-ups never registered; R5312-34: CAF/MSA data about non job seekers): which files it selects, and how
  the app erases that data (``RegleCourte``).

Every function is set-based (one statement for many people): the sweep runs over a million files.
"""

from dataclasses import dataclass

import pghistory.models
from django.apps import apps

from francetravail.donnees.enums import ActionConservation

_ACTIVITES = []
_RETENUES = []
_ANONYMISATIONS = []
_REGLES_COURTES = {}


def activite(fonction):
    _ACTIVITES.append(fonction)
    return fonction


def retenue(fonction):
    _RETENUES.append(fonction)
    return fonction


def anonymisation(fonction):
    _ANONYMISATIONS.append(fonction)
    return fonction


@dataclass(frozen=True)
class RegleCourte:
    """A shorter retention of one category of data. ``cle``: the legal parameter's key (its duration and
    article, read on the day of the run). ``candidats(aujourd_hui, duree)``: a ``Personne`` queryset of the
    files whose data of that category is due (``duree.date_limite``, ``duree.debut_limite``: strictly before
    is due). ``effacer(personne_ids, maintenant)``: erases that data of these files (the sweep calls it in
    batches, each in a transaction, files locked and re-checked; held files are left out before) and returns
    the ids it treated, or None for all (the register counts those)."""

    cle: str
    libelle: str
    action: str
    candidats: object
    effacer: object


def regle_courte(cle, *, libelle, candidats, effacer, action=ActionConservation.EFFACEMENT_CHAMPS):
    if cle in _REGLES_COURTES:
        raise ValueError(f"Règle de conservation déclarée deux fois : {cle}")
    regle = RegleCourte(
        cle=cle, libelle=libelle, action=ActionConservation(action), candidats=candidats, effacer=effacer
    )
    _REGLES_COURTES[cle] = regle
    return regle


def activites():
    return list(_ACTIVITES)


def retenues():
    return list(_RETENUES)


def anonymisations():
    return list(_ANONYMISATIONS)


def regles_courtes():
    """The declared shorter rules, by key (a stable order for the register)."""
    return [_REGLES_COURTES[cle] for cle in sorted(_REGLES_COURTES)]


EFFACE = "[effacé]"


def effacer_textes(queryset, *champs):
    """Sets each given text field of these rows to « [effacé] » where it holds something (an empty one stays
    empty: a constraint « motivated when decided » still holds). One statement per field."""
    for champ in champs:
        queryset.exclude(**{champ: ""}).update(**{champ: EFFACE})


def effacer_evenements(modele_suivi, queryset=None, *, ids=None):
    """Deletes the history rows (pghistory events) of the rows of ``modele_suivi`` in ``queryset`` (or of the
    given ``ids``, for rows already deleted): they copied the texts an anonymisation erases."""
    cibles = queryset.values("pk") if queryset is not None else list(ids or ())
    for modele in modeles_evenements():
        if modele._meta.get_field("pgh_obj").related_model is modele_suivi:
            modele.objects.filter(pgh_obj_id__in=cibles).delete()


def modeles_evenements():
    """The pghistory event models that point at the row they copied (``pgh_obj``)."""
    return [
        m
        for m in apps.get_models()
        if issubclass(m, pghistory.models.Event) and "pgh_obj" in {f.name for f in m._meta.get_fields()}
    ]
