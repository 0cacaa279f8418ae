"""The dependency direction of ARCHITECTURE.md, checked on the source: the core (``francetravail/``) imports
no domain app, except the composition root that mounts each app's URLs.

Every module of the core is parsed with ``ast`` (functions' bodies included), so an import moved inside a
function is caught too, as is a dotted path handed to ``include()``, ``import_module()``, ``import_string()``
or ``apps.get_model()``. Settings (``INSTALLED_APPS``) and ``beat.py`` name apps and tasks in plain strings,
which is not an import: they need no entry here.
"""

import ast
from pathlib import Path

from django.apps import apps

RACINE = Path(__file__).resolve().parent.parent
COEUR = RACINE / "francetravail"

# The composition root: these modules exist to mount each domain app's URLs, and import nothing else of them.
COMPOSITION = {
    "francetravail/urls.py": "URLconf racine : monte les urls.py de chaque application",
    "francetravail/backoffice_urls.py": "espace de noms « backoffice » : monte les urls_backoffice.py des applications",
    "francetravail/api.py": "API /api/v1/ : monte les urls_api.py des applications métier (leurs ressources)",
}

# Imports of a domain app by the core not fixed yet: (module, imported path) -> why. This list may only shrink:
# an entry that no longer matches an import fails the test below.
EXCEPTIONS = {}

APPELS_QUI_IMPORTENT = {"include", "import_module", "import_string", "__import__", "get_model"}


def applications_metier():
    """The installed apps that live at the repository root beside the core (the domain apps, the demo).

    Only a package directly under the root counts: a virtualenv created inside the checkout (``.venv/``, as on
    CI) holds Django's own apps below the root too, and they are not ours."""
    return {
        config.name.split(".")[0]
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == RACINE and Path(config.path).resolve() != COEUR
    }


def _nom_appele(noeud):
    if isinstance(noeud.func, ast.Name):
        return noeud.func.id
    if isinstance(noeud.func, ast.Attribute):
        return noeud.func.attr
    return None


def chemins_importes(arbre):
    """Yields (line, dotted path) for every import of the module, static or through a literal dotted path."""
    for noeud in ast.walk(arbre):
        if isinstance(noeud, ast.Import):
            for alias in noeud.names:
                yield noeud.lineno, alias.name
        elif isinstance(noeud, ast.ImportFrom) and noeud.level == 0 and noeud.module:
            for alias in noeud.names:
                yield noeud.lineno, f"{noeud.module}.{alias.name}"
        elif isinstance(noeud, ast.Call) and _nom_appele(noeud) in APPELS_QUI_IMPORTENT and noeud.args:
            premier = noeud.args[0]
            if isinstance(premier, ast.Constant) and isinstance(premier.value, str):
                yield noeud.lineno, premier.value


def imports_du_coeur_vers_le_metier():
    """{(module, imported path): line} for every import of a domain app by a module of the core."""
    metier = applications_metier()
    trouves = {}
    for fichier in sorted(COEUR.rglob("*.py")):
        module = fichier.relative_to(RACINE).as_posix()
        for ligne, chemin in chemins_importes(ast.parse(fichier.read_text(encoding="utf-8"), filename=module)):
            if chemin.split(".")[0] in metier:
                trouves[(module, chemin)] = ligne
    return trouves


def est_un_montage_d_urls(chemin):
    # "contrats.urls", "entreprises.urls_espace", "orientation.urls_backoffice"
    return len(chemin.split(".")) == 2 and chemin.split(".")[1].startswith("urls")


def test_les_applications_metier_sont_reconnues():
    """Guards the test itself: the app list comes from INSTALLED_APPS, not from a copy that could go stale."""
    assert {
        "inscription",
        "orientation",
        "diagnostic",
        "contrats",
        "sanctions",
        "entreprises",
    } <= applications_metier()
    assert not any(nom.startswith("francetravail") for nom in applications_metier())
    # Third-party apps are never domain apps, even when the virtualenv sits inside the checkout.
    assert not {"django", "allauth", "pghistory", "rest_framework"} & applications_metier()


def test_le_coeur_n_importe_aucune_application_metier():
    interdits = [
        f"{module}:{ligne} importe {chemin}"
        for (module, chemin), ligne in sorted(imports_du_coeur_vers_le_metier().items())
        if (module, chemin) not in EXCEPTIONS and not (module in COMPOSITION and est_un_montage_d_urls(chemin))
    ]
    assert not interdits, (
        "Le cœur (francetravail/) n'importe aucune application métier : enregistrez un point d'accroche dans "
        "l'apps.py de l'application (comme orientation/apps.py), ou déplacez le code vers l'application ou vers "
        "demo/.\n" + "\n".join(interdits)
    )


def test_chaque_exception_est_encore_d_actualite():
    """The allow-list only shrinks: an exception whose import is gone must leave the list."""
    trouves = imports_du_coeur_vers_le_metier()
    perimees = [cle for cle in EXCEPTIONS if cle not in trouves]
    assert not perimees, f"Exceptions à retirer de EXCEPTIONS (l'import n'existe plus) : {perimees}"
    sans_montage = [
        module
        for module in COMPOSITION
        if not any(m == module and est_un_montage_d_urls(chemin) for m, chemin in trouves)
    ]
    assert not sans_montage, f"Modules à retirer de COMPOSITION (ils ne montent plus d'URL métier) : {sans_montage}"


def test_le_releve_voit_les_imports_dans_les_fonctions_et_par_chaine():
    """Guards the test itself: the imports the core used to hide in functions, and dotted paths in strings."""
    source = (
        "from contrats import urls_backoffice\n"
        "def charger():\n"
        "    from sanctions import actions\n"
        "    import entreprises.offres\n"
        "    include('inscription.urls')\n"
        "    apps.get_model('orientation.DecisionOrientation')\n"
    )
    assert [chemin for _ligne, chemin in chemins_importes(ast.parse(source))] == [
        "contrats.urls_backoffice",
        "sanctions.actions",
        "entreprises.offres",
        "inscription.urls",
        "orientation.DecisionOrientation",
    ]
    assert est_un_montage_d_urls("contrats.urls_backoffice") and est_un_montage_d_urls("entreprises.urls_espace")
    assert not est_un_montage_d_urls("inscription.views.conseiller")
