"""SQL snapshots: the queries a page runs, recorded in ``tests/snapshots/sql/<nom>.sql``.

A change to the queries of a page then shows in review, as a diff of that file::

    def test_ma_page(client, requetes_sql):
        client.get(url)  # warm-up: session refresh, per-process caches
        with requetes_sql("ma_page", "GET /conseiller/… (backoffice:ma_page), vue du référent"):
            assert client.get(url).status_code == 200

Without its file, or with different queries, the test fails with a unified diff naming the
page. To (re)write the files after an intended change, run, then review ``git diff tests/snapshots``::

    make snapshots                                  # loads the services' settings, then runs:
    .venv/bin/pytest tests/snapshots -p no:xdist --snapshot-update      # or SNAPSHOT_UPDATE=1 …

What varies from run to run is replaced by placeholders, so that a snapshot is the same in
any order, under ``pytest -n 2`` and on a fresh database (CI): parameter values by their
kind (``<int>`` for ids and numbers, ``<date>``, ``<horodatage>``, ``<uuid>``, ``<texte>``
for free text, ``<clé de session>``…; short lowercase codes such as statuses stay, quoted),
lists of ids in ``IN (…)`` by ``<ids>``, repeated rows of a multi-row ``VALUES`` by ``…``,
savepoint names, the test database's name. The SQL text itself stays: tables, columns,
joins, the shape of WHERE, ORDER BY, LIMIT. Each query says where it comes from (the first
frame outside the ORM: the project's function, the template being rendered, or the library).

Captured with ``connection.execute_wrapper`` rather than ``CaptureQueriesContext``: the
wrapper sees the SQL and its parameters apart, so values are normalised by type instead of
being guessed back out of an interpolated string.
"""

import dataclasses
import datetime
import decimal
import difflib
import importlib
import os
import re
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection
from django.template.base import Node

DOSSIER = Path(__file__).resolve().parent / "snapshots" / "sql"
COMMANDE_MISE_A_JOUR = "make snapshots"
# The project's own code: a query's origin is named relative to these packages' parent folder.
_PAQUETS = (
    "francetravail",
    "inscription",
    "orientation",
    "diagnostic",
    "contrats",
    "sanctions",
    "entreprises",
    "demo",
)


def pytest_addoption(parser):
    parser.addoption(
        "--snapshot-update",
        action="store_true",
        default=False,
        help="Réécrit les instantanés SQL (tests/snapshots/sql/) au lieu de les comparer.",
    )


def mise_a_jour_demandee(config):
    return config.getoption("--snapshot-update") or os.environ.get("SNAPSHOT_UPDATE", "") not in ("", "0")


@pytest.fixture
def requetes_sql(request):
    """``with requetes_sql(nom, description):`` records the block's queries and compares them
    with ``tests/snapshots/sql/<nom>.sql`` (or rewrites it under ``--snapshot-update``)."""
    mettre_a_jour = mise_a_jour_demandee(request.config)

    @contextmanager
    def capturer(nom, description=""):
        requetes = []
        with connection.execute_wrapper(_Enregistreur(requetes)):
            yield requetes
        comparer(nom, rendre_instantane(nom, description, requetes), mettre_a_jour=mettre_a_jour)

    return capturer


def comparer(nom, obtenu, *, mettre_a_jour):
    fichier = DOSSIER / f"{nom}.sql"
    attendu = fichier.read_text(encoding="utf-8") if fichier.exists() else None
    if attendu == obtenu:
        return
    if mettre_a_jour:
        DOSSIER.mkdir(parents=True, exist_ok=True)
        fichier.write_text(obtenu, encoding="utf-8")
        return
    diff = "".join(
        difflib.unified_diff(
            (attendu or "").splitlines(keepends=True),
            obtenu.splitlines(keepends=True),
            fromfile=f"tests/snapshots/sql/{nom}.sql (enregistré)",
            tofile=f"{nom} (obtenu)",
        )
    )
    cause = "n'a pas encore d'instantané" if attendu is None else "a changé de requêtes SQL"
    pytest.fail(
        f"La page « {nom} » {cause}.\n{diff}\n"
        f"Si ce changement est voulu, relisez-le puis réécrivez l'instantané : {COMMANDE_MISE_A_JOUR}"
        " (ou pytest … --snapshot-update, ou SNAPSHOT_UPDATE=1 pytest …)",
        pytrace=False,
    )


# --- Capture ------------------------------------------------------------------------------------


@dataclasses.dataclass
class Requete:
    sql: str
    params: object
    many: bool
    origine: str


class _Enregistreur:
    def __init__(self, requetes):
        self.requetes = requetes

    def __call__(self, execute, sql, params, many, context):
        if not isinstance(sql, str):  # a psycopg sql.Composed
            sql = sql.as_string(context["connection"].connection)
        self.requetes.append(Requete(sql, params, many, origine(sys._getframe(1))))
        return execute(sql, params, many, context)


def _racines():
    racines = set()
    for nom in _PAQUETS:
        racines.add(Path(importlib.import_module(nom).__file__).resolve().parent.parent)
    return tuple(racines)


_RACINES = None
# Frames that only carry the query: the ORM and the database driver.
_PASSAGE = re.compile(r"[/\\](django[/\\]db|django[/\\]utils[/\\]asyncio\.py|psycopg|pghistory|contextlib\.py)")


def _nom_fichier(chemin):
    global _RACINES
    if _RACINES is None:
        _RACINES = _racines()
    if "site-packages" in chemin:
        return chemin.split("site-packages", 1)[1].lstrip("/\\"), False
    resolu = Path(chemin).resolve()
    for racine in _RACINES:
        if resolu.is_relative_to(racine):
            relatif = resolu.relative_to(racine)
            return relatif.as_posix(), relatif.parts[0] in _PAQUETS
    return resolu.name, False


def origine(frame):
    """Where a query comes from: the first frame past the ORM, named by file and function; the
    template when the query runs while one is rendered; plus the project's innermost function
    when the first frame is a library's."""
    premiere = gabarit = projet = None
    while frame is not None:
        code = frame.f_code
        if code.co_filename == __file__:
            frame = frame.f_back
            continue
        if "_pytest" in code.co_filename or "pluggy" in code.co_filename:
            break
        if gabarit is None and code.co_name == "render" and isinstance(frame.f_locals.get("self"), Node):
            noeud_origine = getattr(frame.f_locals["self"], "origin", None)
            if noeud_origine is not None and noeud_origine.template_name:
                gabarit = f"gabarit {noeud_origine.template_name}"
        if premiere is None and not _PASSAGE.search(code.co_filename):
            premiere = frame
        if premiere is not None and projet is None:
            fichier, du_projet = _nom_fichier(code.co_filename)
            if du_projet:
                projet = f"{fichier} · {code.co_qualname}"
        if premiere is not None and projet is not None and gabarit is not None:
            break
        frame = frame.f_back
    if premiere is None:
        return "?"
    fichier, du_projet = _nom_fichier(premiere.f_code.co_filename)
    if re.match(r"django[/\\]template[/\\]", fichier) and gabarit is not None:
        parties = [gabarit]
    else:
        parties = [f"{fichier} · {premiere.f_code.co_qualname}"]
        if gabarit is not None:
            parties.append(gabarit)
    if projet is not None and projet not in parties:
        parties.append(projet)
    return " ← ".join(dict.fromkeys(parties))


# --- Rendering ----------------------------------------------------------------------------------


def rendre_instantane(nom, description, requetes):
    lignes = [
        f"-- Instantané SQL : {nom}",
        *(f"-- {ligne}" for ligne in description.splitlines()),
        f"-- Requêtes : {len(requetes)}",
        f"-- Mise à jour : {COMMANDE_MISE_A_JOUR}",
    ]
    for numero, requete in enumerate(requetes, start=1):
        lignes += ["", f"-- [{numero}] {requete.origine}", normaliser(requete.sql, requete.params, many=requete.many)]
    return "\n".join(lignes) + "\n"


_JETON = re.compile(
    r"""
      (?P<ident>"(?:[^"]|"")*")
    | (?P<chaine>'(?:[^']|'')*')
    | (?P<param>%s|%\((?P<nom>[^)]+)\)s)
    | (?P<pourcent>%%)
    | (?P<espace>\s+)
    | (?P<mot>[A-Za-z_][A-Za-z_0-9$]*)
    | (?P<nombre>\d+(?:\.\d+)?)
    | (?P<autre>::|<=|>=|<>|!=|\|\||->>|->|\#>>|\#>|@>|<@|&&|.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclasses.dataclass
class _Jeton:
    genre: str
    texte: str


def _jetons(sql, params, many):
    """The statement's tokens, each ``%s`` replaced by its normalised value (genre ``valeur``)."""
    if many:
        params = next(iter(params), None)  # one row is enough: every row has the same kinds
    a_substituer = params is not None
    suite = iter(params) if a_substituer and not isinstance(params, dict) else None
    jetons = []
    for m in _JETON.finditer(sql):
        genre = m.lastgroup if m.lastgroup != "nom" else "param"
        texte = m.group()
        if genre in ("param", "pourcent") and not a_substituer:
            genre = "autre"
        if genre == "param":
            valeur = params[m.group("nom")] if m.group("nom") else next(suite)
            jetons.append(_Jeton("valeur", valeur_sql(valeur)))
        elif genre == "pourcent":
            jetons.append(_Jeton("autre", "%"))
        elif genre == "chaine":
            jetons.append(_Jeton("chaine", _chaine_du_code(texte)))
        elif genre != "espace":
            jetons.append(_Jeton(genre, texte))
    return jetons


def _nom_base():
    return connection.settings_dict["NAME"]


def _chaine_du_code(litteral):
    """A literal written in the SQL text itself: kept, but for what would differ between runs."""
    contenu = litteral[1:-1]
    if contenu == _nom_base():
        return "'<base>'"
    for motif, remplacement in _MOTIFS_VARIABLES:
        if motif.fullmatch(contenu):
            return remplacement
    return litteral


_HORODATAGE = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}(:?\d{2})?|Z)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UUID = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")
# Django's session keys: 32 lowercase letters and digits.
_CLE_SESSION = re.compile(r"[a-z0-9]{32}")
_MOTIFS_VARIABLES = (
    (_HORODATAGE, "<horodatage>"),
    (_DATE, "<date>"),
    (_UUID, "<uuid>"),
    (_CLE_SESSION, "<clé de session>"),
)
# What a constant of the code looks like (a status, a kind, a channel, a time zone): kept, quoted.
_CODE = re.compile(r"[a-z][a-z0-9_.:-]{0,59}|[A-Z][A-Za-z_]+/[A-Za-z_/]+")


def valeur_sql(valeur):
    """A parameter as it reads in the snapshot: constants of the code as themselves, what
    depends on the data or the clock as a placeholder of its kind."""
    if valeur is None:
        return "NULL"
    if isinstance(valeur, bool):
        return "TRUE" if valeur else "FALSE"
    if isinstance(valeur, int):
        return "<int>"
    if isinstance(valeur, float | decimal.Decimal):
        return "<nombre>"
    if isinstance(valeur, datetime.datetime):
        return "<horodatage>"
    if isinstance(valeur, datetime.date):
        return "<date>"
    if isinstance(valeur, datetime.time):
        return "<heure>"
    if isinstance(valeur, datetime.timedelta):
        return "<durée>"
    if isinstance(valeur, uuid.UUID):
        return "<uuid>"
    if isinstance(valeur, bytes | bytearray | memoryview):
        return "<binaire>"
    if isinstance(valeur, str):
        return _chaine(valeur)
    if isinstance(valeur, list | tuple):
        return f"ARRAY[{_liste([valeur_sql(v) for v in valeur])}]"
    if isinstance(valeur, dict) or type(valeur).__name__ in ("Json", "Jsonb"):
        return "<json>"
    return f"<{type(valeur).__name__}>"


def _chaine(valeur):
    if valeur == _nom_base():
        return "<base>"
    for motif, remplacement in _MOTIFS_VARIABLES:
        if motif.fullmatch(valeur):
            return remplacement
    if valeur == "":
        return "''"
    if _CODE.fullmatch(valeur):
        return f"'{valeur}'"
    if valeur.isdigit():
        return "<code>"  # a département or INSEE code, or an id written as text
    return "<texte>"


def _liste(elements):
    """Items of a list of values, sorted (sets have no order); ids as one placeholder, however many."""
    if elements and all(e == "<int>" for e in elements):
        return "<ids>"
    return ", ".join(sorted(elements))


def normaliser(sql, params=None, *, many=False):
    jetons = _jetons(sql, params, many)
    jetons = _savepoints(jetons)
    jetons = _listes_in(jetons)
    jetons = _lignes_values(jetons)
    return _mettre_en_forme(jetons)


def _savepoints(jetons):
    for i, jeton in enumerate(jetons):
        if jeton.genre == "ident" and i and jetons[i - 1].texte.upper() == "SAVEPOINT":
            jetons[i] = _Jeton("ident", '"<savepoint>"')
    return jetons


def _groupe(jetons, debut):
    """(values, end) when ``jetons[debut]`` opens ``(value, value, …)``, else (None, debut)."""
    if debut >= len(jetons) or jetons[debut].texte != "(":
        return None, debut
    valeurs, i = [], debut + 1
    while i < len(jetons):
        if jetons[i].genre not in ("valeur", "chaine", "nombre") and jetons[i].texte.upper() != "NULL":
            return None, debut
        valeurs.append(jetons[i].texte)
        if i + 1 < len(jetons) and jetons[i + 1].texte == ")":
            return valeurs, i + 2
        if i + 1 < len(jetons) and jetons[i + 1].texte == ",":
            i += 2
            continue
        return None, debut
    return None, debut


def _listes_in(jetons):
    sortie, i = [], 0
    while i < len(jetons):
        jeton = jetons[i]
        sortie.append(jeton)
        i += 1
        if jeton.genre == "mot" and jeton.texte.upper() == "IN":
            valeurs, fin = _groupe(jetons, i)
            if valeurs is not None:
                sortie += [_Jeton("autre", "("), _Jeton("valeur", _liste(valeurs)), _Jeton("autre", ")")]
                i = fin
    return sortie


def _lignes_values(jetons):
    """``VALUES (…), (…), (…)`` of a multi-row INSERT: the rows that repeat the first one become ``…``."""
    sortie, i = [], 0
    while i < len(jetons):
        jeton = jetons[i]
        sortie.append(jeton)
        i += 1
        if jeton.genre == "mot" and jeton.texte.upper() == "VALUES":
            premiere, fin = _groupe(jetons, i)
            if premiere is None:
                continue
            sortie += jetons[i:fin]
            i, repetees = fin, 0
            while i < len(jetons) and jetons[i].texte == ",":
                suivante, fin_suivante = _groupe(jetons, i + 1)
                if suivante != premiere:
                    break
                i, repetees = fin_suivante, repetees + 1
            if repetees:
                sortie += [_Jeton("autre", ","), _Jeton("mot", "…")]
    return sortie


# Keywords that open a clause: each starts a line, indented by the parentheses it is in.
_CLAUSES = (
    ("LEFT", "OUTER", "JOIN"),
    ("RIGHT", "OUTER", "JOIN"),
    ("FULL", "OUTER", "JOIN"),
    ("FOR", "NO", "KEY", "UPDATE"),
    ("INSERT", "INTO"),
    ("DELETE", "FROM"),
    ("GROUP", "BY"),
    ("ORDER", "BY"),
    ("INNER", "JOIN"),
    ("LEFT", "JOIN"),
    ("CROSS", "JOIN"),
    ("UNION", "ALL"),
    ("ON", "CONFLICT"),
    ("FOR", "UPDATE"),
    ("FOR", "SHARE"),
    ("SELECT",),
    ("FROM",),
    ("WHERE",),
    ("HAVING",),
    ("LIMIT",),
    ("OFFSET",),
    ("UNION",),
    ("EXCEPT",),
    ("INTERSECT",),
    ("VALUES",),
    ("SET",),
    ("RETURNING",),
    ("UPDATE",),
    ("WITH",),
)
# Clauses whose comma-separated items go one per line.
_LISTES = {"SELECT", "GROUP BY", "ORDER BY", "RETURNING", "SET"}
# Clauses whose AND/OR go one per line (at the clause's level or inside its first parenthesis).
_CONDITIONS = {"WHERE", "HAVING"}
_SANS_ESPACE_AVANT = {",", ")", ".", "::", "]"}
_SANS_ESPACE_APRES = {"(", ".", "::", "["}
# Words a parenthesis follows with a space; after any other word it opens a function's arguments.
_MOTS_CLES = {
    "ALL",
    "AND",
    "ANY",
    "AS",
    "BY",
    "CASE",
    "DISTINCT",
    "ELSE",
    "EXISTS",
    "FROM",
    "IN",
    "INTO",
    "IS",
    "JOIN",
    "LATERAL",
    "NOT",
    "NULL",
    "ON",
    "OR",
    "RETURNING",
    "SELECT",
    "SET",
    "THEN",
    "USING",
    "VALUES",
    "WHEN",
    "WHERE",
}


def _clause(jetons, i):
    for clause in _CLAUSES:
        fin = i + len(clause)
        if fin <= len(jetons) and all(
            j.genre == "mot" and j.texte.upper() == mot for j, mot in zip(jetons[i:fin], clause, strict=True)
        ):
            # UPDATE after FOR … / SET after ON CONFLICT DO UPDATE / ON CONFLICT … stay where they are.
            if clause == ("UPDATE",) and i and jetons[i - 1].texte.upper() in ("FOR", "KEY", "DO"):
                return None
            return clause
    return None


def _mettre_en_forme(jetons):
    lignes, ligne = [], ""
    profondeur = 0
    contexte = [(None, 0)]  # (current clause, depth it opened at) per open parenthesis level
    i = 0
    precedent = precedent_genre = None

    def nouvelle_ligne(decalage=0):
        nonlocal ligne
        if ligne.strip():
            lignes.append(ligne.rstrip())
        ligne = "  " * (profondeur + decalage)

    while i < len(jetons):
        jeton = jetons[i]
        clause = _clause(jetons, i) if jeton.genre == "mot" else None
        if clause is not None:
            nom = " ".join(clause)
            nouvelle_ligne()
            ligne += nom
            contexte[-1] = (nom, profondeur)
            precedent, precedent_genre = nom, "mot"
            i += len(clause)
            continue
        texte = jeton.texte
        clause_courante, niveau = contexte[-1]
        parent, _ = contexte[-2] if len(contexte) > 1 else (None, 0)
        if (
            jeton.genre == "mot"
            and texte.upper() in ("AND", "OR")
            and (clause_courante in _CONDITIONS or (clause_courante is None and parent in _CONDITIONS))
        ):
            nouvelle_ligne(1)
            ligne += texte
            precedent, precedent_genre = texte, "mot"
            i += 1
            continue
        if texte == "," and clause_courante in _LISTES:
            ligne += ","
            nouvelle_ligne(1)
            precedent, precedent_genre = ",", "autre"
            i += 1
            continue
        if texte == "(":
            profondeur += 1
            contexte.append((None, profondeur))
        elif texte == ")":
            profondeur = max(profondeur - 1, 0)
            if len(contexte) > 1:
                contexte.pop()
        espace = precedent is not None and texte not in _SANS_ESPACE_AVANT and precedent not in _SANS_ESPACE_APRES
        if texte == "(" and precedent_genre == "mot" and precedent.upper() not in _MOTS_CLES:
            espace = False  # a function's arguments: COUNT(*), COALESCE(…)
        if ligne.strip() and espace and not ligne.endswith(" "):
            ligne += " "
        ligne += texte
        precedent, precedent_genre = texte, jeton.genre
        i += 1
    if ligne.strip():
        lignes.append(ligne.rstrip())
    return "\n".join(lignes)
