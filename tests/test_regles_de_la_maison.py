"""The house rules of CONTRIBUTING.md that a tool can check, one test each.

Each rule lists what does not follow it yet: the lists can only shrink (a test fails when a module
appears that is not listed, and when a listed one no longer needs to be).
"""

import ast
from collections import Counter
from pathlib import Path

import pytest
from django.apps import apps
from django_fsm import FSMFieldMixin

pytestmark = pytest.mark.no_django_db

RACINE = Path(__file__).resolve().parents[1]
APPLICATIONS = ("francetravail", "inscription", "orientation", "diagnostic", "contrats", "sanctions", "entreprises")

# « Who may » checks live in each app's acces.py (core rules: francetravail/personnes/acces.py).
# Functions named est_*, peut_*, exiger_* elsewhere, by module, with how many.
CONTROLES_HORS_ACCES = {}
# Names that say what an account or a value is, not who may act: never a permission check.
PAS_DES_CONTROLES = {"est_professionnel", "est_personne", "est_employeur"}
# Functions named like a check that say what a thing is, not who may act: they stay where they serve.
# Each is listed with its reason in CONTRIBUTING.md (« Exceptions »); an entry no longer found fails.
EXCEPTIONS_NOMMEES = {
    ("francetravail/base/fichiers.py", "est_aleatoire"),
    ("francetravail/comptes/middleware.py", "_est_api"),
    ("francetravail/rendezvous/regles.py", "est_hors_delai"),
    ("orientation/actions.py", "est_beneficiaire_rsa"),
    ("orientation/actions.py", "exiger_adresse"),
    ("orientation/models.py", "est_national"),
    ("orientation/models.py", "est_brouillon"),
    ("orientation/premier_rdv.py", "est_en_retard"),
}

# No module imports a private name (``_x``) of another module of the project.
IMPORTS_PRIVES = {}

# Imports at the top of the module, unless a cycle forces otherwise: such an import says so in a
# comment containing « cycle » on its line or the line above. Imports inside functions without it:
IMPORTS_DANS_LES_FONCTIONS = {}

# The state machines' transition methods are named vers_<state> (francetravail/base/transitions.py):
# models whose transitions are not yet, with how many.
TRANSITIONS_MAL_NOMMEES = {}

# Where no transition method is ever called: only actions move a state machine.
HORS_DES_ACTIONS = ("views", "forms", "templatetags", "api", "admin")


def _modules():
    for application in APPLICATIONS:
        for chemin in sorted((RACINE / application).rglob("*.py")):
            if "migrations" not in chemin.parts:
                yield str(chemin.relative_to(RACINE)), chemin


def _arbres():
    for nom, chemin in _modules():
        texte = chemin.read_text()
        yield nom, ast.parse(texte, filename=nom), texte.splitlines()


def _compte(trouves, attendus, message):
    trouves = {k: v for k, v in trouves.items() if v}
    nouveaux = {k: v for k, v in trouves.items() if v > attendus.get(k, 0)}
    assert not nouveaux, f"{message} : {nouveaux}"
    reduits = {k: (attendus[k], trouves.get(k, 0)) for k in attendus if trouves.get(k, 0) < attendus[k]}
    assert not reduits, f"Mettez la liste à jour (attendu, trouvé) : {reduits}"


def test_les_controles_de_qui_peut_vivent_dans_acces():
    trouves = Counter()
    exceptions_vues = set()
    for nom, arbre, _ in _arbres():
        if nom.endswith("acces.py"):
            continue
        for noeud in ast.walk(arbre):
            if (
                isinstance(noeud, ast.FunctionDef)
                and noeud.name.lstrip("_").startswith(("est_", "peut_", "exiger_"))
                and noeud.name not in PAS_DES_CONTROLES
            ):
                if (nom, noeud.name) in EXCEPTIONS_NOMMEES:
                    exceptions_vues.add((nom, noeud.name))
                else:
                    trouves[nom] += 1
    assert exceptions_vues == EXCEPTIONS_NOMMEES, f"Exceptions introuvables : {EXCEPTIONS_NOMMEES - exceptions_vues}"
    _compte(trouves, CONTROLES_HORS_ACCES, "Contrôle « qui peut » hors d'un module acces.py")


def test_chaque_exception_est_expliquee_dans_le_guide():
    guide = (RACINE / "CONTRIBUTING.md").read_text(encoding="utf-8")
    lignes = guide.splitlines()
    absentes = [
        f"{module} : {nom}"
        for module, nom in sorted(EXCEPTIONS_NOMMEES)
        if not any(f"`{module}`" in ligne and nom in ligne for ligne in lignes)
    ]
    assert not absentes, f"Expliquez ces exceptions dans CONTRIBUTING.md (« Exceptions ») : {absentes}"


def test_aucun_module_n_importe_un_nom_prive_d_un_autre():
    trouves = Counter()
    for nom, arbre, _ in _arbres():
        for noeud in ast.walk(arbre):
            if isinstance(noeud, ast.ImportFrom) and noeud.module and noeud.module.split(".")[0] in APPLICATIONS:
                trouves[nom] += sum(1 for alias in noeud.names if alias.name.startswith("_"))
    _compte(trouves, IMPORTS_PRIVES, "Import d'un nom privé d'un autre module")


def test_les_imports_sont_en_tete_sauf_cycle_dit_en_commentaire():
    trouves = Counter()
    for nom, arbre, lignes in _arbres():
        for fonction in ast.walk(arbre):
            if not isinstance(fonction, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for noeud in ast.walk(fonction):
                if isinstance(noeud, ast.Import | ast.ImportFrom):
                    autour = " ".join(lignes[max(noeud.lineno - 2, 0) : noeud.lineno]).lower()
                    trouves[nom] += "cycle" not in autour
    _compte(trouves, IMPORTS_DANS_LES_FONCTIONS, "Import dans une fonction sans cycle dit en commentaire")


def _transitions(modele):
    for champ in modele._meta.fields:
        if isinstance(champ, FSMFieldMixin):
            yield from {t.name for t in champ.get_all_transitions(modele)}


@pytest.mark.django_db
def test_les_transitions_s_appellent_vers_un_etat():
    trouves = Counter()
    for modele in apps.get_models():
        for nom in _transitions(modele):
            trouves[modele._meta.label] += not nom.startswith("vers_")
    _compte(trouves, TRANSITIONS_MAL_NOMMEES, "Transition qui ne s'appelle pas vers_<état>")


def test_aucune_vue_ni_formulaire_n_appelle_une_transition():
    appels = []
    for nom, arbre, _ in _arbres():
        parties = Path(nom).with_suffix("").parts
        if not any(p in HORS_DES_ACTIONS for p in parties):
            continue
        for noeud in ast.walk(arbre):
            if isinstance(noeud, ast.Call) and getattr(noeud.func, "attr", "").startswith("vers_"):
                appels.append(f"{nom}:{noeud.lineno}")
    assert not appels, f"Seules les actions déplacent un état : {appels}"
