"""The orientation rule engine: pure Python, no database access.

A rule (``Regle``) is a set of conditions on the criteria of a ``Situation`` and a
result: a parcours and a type of organisme référent, or an interview ("giratoire")
when the parcours is left empty. Rules are data (``orientation.models.Regle``); this
module only evaluates them.

Evaluation (``evaluer``): rules are tried in order and the first that matches wins.
Each condition is read with three values:

- the criterion is known and accepted: the condition holds;
- the criterion is known and not accepted: the rule does not apply, try the next one;
- the criterion is unknown (``None``): we cannot tell whether this rule applies, and
  choosing a later rule could contradict it, so the result is a giratoire interview
  listing the missing information — unless another, known, criterion already rules
  this rule out.

No matching rule also gives a giratoire. Whatever the situation, ``evaluer``
returns exactly one ``Proposition`` and never raises.

Conditions, as stored in JSON: ``{"critère": [valeurs acceptées], ...}``, a single
value standing for a one-value list, plus ``age_min`` / ``age_max`` (inclusive
bounds, in years). No condition on a criterion means "any value, even unknown".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from orientation.enums import IntensiteFreins, NiveauQualification, Parcours, SeProjette, TypeOrganismeReferent


@dataclass(frozen=True, slots=True)
class Situation:
    """What the engine knows of a person; ``None`` means unknown."""

    # Professional activity at registration or in the last 2 years (period: ParametreLegal).
    activite_recente: bool | None = None
    se_projette: str | None = None
    niveau_qualification: str | None = None
    intensite_freins: str | None = None
    age: int | None = None
    handicap_frein_majeur: bool = False
    beneficiaire_rsa: bool = False


@dataclass(frozen=True, slots=True)
class Critere:
    nom: str
    libelle: str
    # Accepted value -> French label shown to the person.
    valeurs: Mapping[Any, str]


_OUI_NON = {True: "Oui", False: "Non"}

CRITERES = {
    c.nom: c
    for c in (
        Critere(
            "activite_recente",
            "Activité professionnelle actuelle ou au cours des deux dernières années",
            _OUI_NON,
        ),
        Critere("se_projette", "Se projette dans un emploi", dict(SeProjette.choices)),
        Critere("niveau_qualification", "Niveau de qualification", dict(NiveauQualification.choices)),
        Critere("intensite_freins", "Freins à l'emploi", dict(IntensiteFreins.choices)),
        Critere("handicap_frein_majeur", "Handicap constituant un frein majeur", _OUI_NON),
        Critere("beneficiaire_rsa", "Bénéficiaire du RSA", _OUI_NON),
    )
}
BORNES_AGE = ("age_min", "age_max")
LIBELLE_AGE = "Âge"
AGE_MAXIMUM = 130


def _texte_valeurs(valeurs):
    return ", ".join("true" if v is True else "false" if v is False else str(v) for v in valeurs)


def _normaliser(conditions):
    """Returns (conditions as {criterion: tuple of values}, age_min, age_max, errors)."""
    erreurs = []
    if not isinstance(conditions, Mapping):
        return {}, None, None, ['Les conditions doivent être un objet JSON, ex. : {"se_projette": ["oui"]}.']
    valeurs_par_critere = {}
    bornes = {}
    for nom, valeur in conditions.items():
        if nom in BORNES_AGE:
            if isinstance(valeur, bool) or not isinstance(valeur, int) or not 0 <= valeur <= AGE_MAXIMUM:
                erreurs.append(f"« {nom} » : l'âge doit être un nombre entier d'années entre 0 et {AGE_MAXIMUM}.")
            else:
                bornes[nom] = valeur
            continue
        critere = CRITERES.get(nom)
        if critere is None:
            erreurs.append(f"Critère inconnu : « {nom} ». Critères possibles : {', '.join([*CRITERES, *BORNES_AGE])}.")
            continue
        valeurs = list(valeur) if isinstance(valeur, list | tuple | set | frozenset) else [valeur]
        if not valeurs:
            erreurs.append(f"« {nom} » : donnez au moins une valeur acceptée (ou retirez ce critère).")
            continue
        # bool is a subclass of int and 1 == True: a boolean criterion takes true/false only.
        inconnues = [
            v
            for v in valeurs
            if not any(v == k and isinstance(v, bool) == isinstance(k, bool) for k in critere.valeurs)
        ]
        if inconnues:
            erreurs.append(
                f"« {nom} » : valeur inconnue {_texte_valeurs(inconnues)}. "
                f"Valeurs possibles : {_texte_valeurs(critere.valeurs)}."
            )
            continue
        valeurs_par_critere[nom] = tuple(dict.fromkeys(valeurs))
    age_min, age_max = bornes.get("age_min"), bornes.get("age_max")
    if age_min is not None and age_max is not None and age_min > age_max:
        erreurs.append(f"L'âge minimum ({age_min} ans) dépasse l'âge maximum ({age_max} ans).")
    return valeurs_par_critere, age_min, age_max, erreurs


def valider_conditions(conditions):
    """Returns the list of French error messages for ``conditions`` (empty when valid)."""
    return _normaliser(conditions)[3]


@dataclass(frozen=True, slots=True)
class Regle:
    """One rule as the engine reads it; ``parcours=None`` means a giratoire interview."""

    code: str
    conditions: Mapping[str, Any]
    parcours: str | None
    type_organisme: str | None
    explication: str
    libelle: str = ""
    # Position used by ``composer`` for a departmental rule that adds a new code.
    ordre: int | None = None
    # The VersionReferentiel the rule comes from, stored with each decision.
    version_id: int | None = None

    @property
    def giratoire(self):
        return self.parcours is None


@dataclass(frozen=True, slots=True)
class Proposition:
    parcours: str | None
    type_organisme: str | None
    # The rule that decided; None for a giratoire caused by missing information or no rule.
    regle_code: str | None
    # What fired, readable by the person: "critère : valeur" (or "non renseigné").
    criteres: tuple[str, ...]
    explication: str
    giratoire: bool
    version_id: int | None = None

    @property
    def resultat(self):
        """What matters to the person: a change of any of these is a change of orientation."""
        return (self.parcours, self.type_organisme, self.giratoire)

    @property
    def resume(self):
        if self.giratoire:
            return "Entretien giratoire"
        parcours = Parcours(self.parcours).label if self.parcours in Parcours.values else self.parcours
        organisme = (
            TypeOrganismeReferent(self.type_organisme).label
            if self.type_organisme in TypeOrganismeReferent.values
            else self.type_organisme
        )
        return f"{parcours} — {organisme}"


EXPLICATION_AUCUNE_REGLE = (
    "Aucune règle du référentiel ne s'applique à votre situation : un entretien avec un conseiller "
    "permettra de choisir avec vous le parcours le plus adapté."
)
EXPLICATION_INCONNU = (
    "Il manque des informations pour vous proposer un parcours ({manquantes}) : un entretien avec un "
    "conseiller permettra de les compléter et de choisir avec vous le parcours le plus adapté."
)
_GIRATOIRE_AUCUNE_REGLE = Proposition(None, None, None, (), EXPLICATION_AUCUNE_REGLE, True)


class _RegleCompilee(NamedTuple):
    # ((attribute, accepted values as a frozenset or a range for the age), ...)
    tests: tuple[tuple[str, Any], ...]
    regle: Regle
    # attribute -> {value: "critère : valeur"}, precomputed for the explanation.
    textes: tuple[tuple[str, Mapping[Any, str] | None], ...]


def _compiler_regle(regle):
    valeurs, age_min, age_max, erreurs = _normaliser(regle.conditions)
    if erreurs:
        raise ValueError(f"Règle « {regle.code} » : {' '.join(erreurs)}")
    if (regle.parcours is None) != (regle.type_organisme is None):
        raise ValueError(
            f"Règle « {regle.code} » : parcours et organisme sont tous deux renseignés ou tous deux vides."
        )
    tests, textes = [], []
    # Criteria in the catalogue's order, so the person reads them in the questionnaire's order.
    for nom, critere in CRITERES.items():
        if nom in valeurs:
            tests.append((nom, frozenset(valeurs[nom])))
            textes.append((nom, {v: f"{critere.libelle} : {critere.valeurs[v]}" for v in valeurs[nom]}))
    if age_min is not None or age_max is not None:
        # int in range() is a constant-time comparison of both bounds.
        tests.append(("age", range(age_min or 0, (AGE_MAXIMUM if age_max is None else age_max) + 1)))
        textes.append(("age", None))
    return _RegleCompilee(tuple(tests), regle, tuple(textes))


class ReglesCompilees:
    """An ordered rule set, compiled once, evaluated many times (see ``evaluer``)."""

    __slots__ = ("_compilees", "regles", "versions")

    def __init__(self, regles, versions=None):
        self.regles = tuple(regles)
        codes = [r.code for r in self.regles]
        if len(codes) != len(set(codes)):
            doublons = sorted({c for c in codes if codes.count(c) > 1})
            raise ValueError(f"Codes de règle en double : {', '.join(doublons)}.")
        self._compilees = tuple(_compiler_regle(r) for r in self.regles)
        if versions is None:
            versions = tuple(dict.fromkeys(r.version_id for r in self.regles if r.version_id is not None))
        # Ids of the VersionReferentiel rows composed here (national first).
        self.versions = tuple(versions)

    def __iter__(self):
        return iter(self.regles)

    def __len__(self):
        return len(self.regles)

    def __repr__(self):
        return f"<ReglesCompilees {len(self.regles)} règles, versions {self.versions}>"


def compiler(regles):
    """Compiles an iterable of ``Regle`` (or returns an already compiled set)."""
    return regles if isinstance(regles, ReglesCompilees) else ReglesCompilees(regles)


def _proposition(compilee, situation):
    criteres = []
    for nom, textes in compilee.textes:
        if textes is None:
            criteres.append(f"{LIBELLE_AGE} : {situation.age} ans")
        else:
            criteres.append(textes[getattr(situation, nom)])
    regle = compilee.regle
    return Proposition(
        regle.parcours,
        regle.type_organisme,
        regle.code,
        tuple(criteres),
        regle.explication,
        regle.parcours is None,
        regle.version_id,
    )


def _giratoire_inconnu(inconnus, compilee):
    libelles = [LIBELLE_AGE if nom == "age" else CRITERES[nom].libelle for nom in inconnus]
    return Proposition(
        None,
        None,
        None,
        tuple(f"{libelle} : non renseigné" for libelle in libelles),
        EXPLICATION_INCONNU.format(manquantes=", ".join(libelle.lower() for libelle in libelles)),
        True,
        compilee.regle.version_id,
    )


def evaluer(situation, regles):
    """Returns the ``Proposition`` for ``situation`` under ``regles`` (see the module docstring).

    Pass a ``ReglesCompilees`` (``compiler()``, ``regles_en_vigueur()``): a plain list
    is compiled at each call.
    """
    compilees = regles._compilees if isinstance(regles, ReglesCompilees) else compiler(regles)._compilees
    try:
        for compilee in compilees:
            inconnus = None
            for nom, acceptees in compilee.tests:
                valeur = getattr(situation, nom)
                if valeur is None:
                    if inconnus is None:
                        inconnus = [nom]
                    else:
                        inconnus.append(nom)
                elif valeur not in acceptees:
                    break
            else:
                if inconnus is not None:
                    return _giratoire_inconnu(inconnus, compilee)
                return _proposition(compilee, situation)
    except (TypeError, AttributeError, KeyError):
        # A value of an unexpected type (not hashable, not comparable): no rule can
        # decide on it, an interview will.
        pass
    return _GIRATOIRE_AUCUNE_REGLE


def etat_regle(regle, situation):
    """Whether ``regle`` applies to ``situation``: True, False, or None when a criterion it needs is unknown."""
    compilee = _compiler_regle(regle)
    inconnu = False
    for nom, acceptees in compilee.tests:
        valeur = getattr(situation, nom)
        if valeur is None:
            inconnu = True
        elif valeur not in acceptees:
            return False
    return None if inconnu else True


def _regles(regles):
    return regles.regles if isinstance(regles, ReglesCompilees) else tuple(regles)


def composer(regles_nationales, regles_departementales):
    """The rule set of a département: the national rules refined by the departmental ones.

    - A departmental rule with the ``code`` of a national rule replaces it **in place**
      (at the national rule's position; its own ``ordre`` is ignored).
    - A departmental rule with a new code is **added**: without ``ordre`` (``None``),
      before every national rule; with an ``ordre``, just before the first national rule
      whose ``ordre`` is greater than or equal to it (after all of them when there is
      none). Added rules keep their relative order (by ``ordre``, then as given).

    Because the first matching rule wins, an added or replacing rule changes only the
    decisions it matches (plus, for a replacement, those the replaced rule matched),
    and those it cannot rule out because a criterion it tests is unknown: these become
    giratoire, since nobody can tell whether the local rule applies.

    Returns a ``ReglesCompilees``.
    """
    nationales = _regles(regles_nationales)
    departementales = _regles(regles_departementales)
    codes_nationaux = {r.code for r in nationales}
    remplacantes = {r.code: r for r in departementales if r.code in codes_nationaux}
    ajouts = sorted(
        (r for r in departementales if r.code not in codes_nationaux),
        key=lambda r: (r.ordre is not None, r.ordre or 0),
    )
    composees, i = [], 0
    for nationale in nationales:
        while i < len(ajouts) and (
            ajouts[i].ordre is None or (nationale.ordre is not None and ajouts[i].ordre <= nationale.ordre)
        ):
            composees.append(ajouts[i])
            i += 1
        composees.append(remplacantes.get(nationale.code, nationale))
    composees.extend(ajouts[i:])
    versions = (
        *(regles_nationales.versions if isinstance(regles_nationales, ReglesCompilees) else ()),
        *(regles_departementales.versions if isinstance(regles_departementales, ReglesCompilees) else ()),
    )
    return ReglesCompilees(composees, versions=versions or None)


class Changement(NamedTuple):
    personne_id: Any
    avant: Proposition
    apres: Proposition


@dataclass(frozen=True, slots=True)
class Simulation:
    nombre_situations: int
    nombre_changements: int
    changements: tuple[Changement, ...]
    # (résumé avant, résumé après) -> number of people, for a summary table.
    transitions: Mapping[tuple[str, str], int]


def simuler(regles_actuelles, regles_candidates, situations: Iterable[tuple[Any, Situation]]):
    """What publishing ``regles_candidates`` would change for ``situations`` ((personne_id, Situation) pairs).

    A person changes when their parcours, organisme type or giratoire status changes;
    a different rule reaching the same result is not a change.
    """
    actuelles, candidates = compiler(regles_actuelles), compiler(regles_candidates)
    nombre, changements, transitions = 0, [], Counter()
    for personne_id, situation in situations:
        nombre += 1
        avant, apres = evaluer(situation, actuelles), evaluer(situation, candidates)
        if avant.resultat != apres.resultat:
            changements.append(Changement(personne_id, avant, apres))
            transitions[(avant.resume, apres.resume)] += 1
    return Simulation(nombre, len(changements), tuple(changements), dict(transitions))
