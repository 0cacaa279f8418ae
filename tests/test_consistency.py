"""Project-wide invariants that no single feature test would catch."""

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

# URL namespaces/prefixes guarded by a framework gate rather than by our decorators.
GATES_EXTERNES = {
    "admin/": "Django admin: staff only (AdminSite.has_permission), model admins filter through the access gate",
    "comptes/": "django-allauth: login, sign-up, verification and MFA pages, public by nature or login_required inside",
    "webhooks/": "providers' callbacks: no session, the provider's token and signature are the gate "
    "(francetravail.notifications.remise.verifier; refusals tested in tests/notifications/test_remise.py)",
}


def urls_du_projet(patterns=None, prefix="", namespace=""):
    """Yields (qualified name, route, view callback) for every URL of the project."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from urls_du_projet(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}{p.name}" if p.name else None
            yield name, prefix + str(p.pattern), p.callback


def acces_declare(view):
    for candidate in (view, getattr(view, "cls", None), getattr(view, "view_class", None)):
        if candidate is not None and getattr(candidate, "acces_declare", None):
            return candidate.acces_declare
    return None


def test_chaque_url_est_derriere_une_porte_ou_declaree_publique():
    sans_porte = [
        route
        for _name, route, view in urls_du_projet()
        if not route.startswith(tuple(GATES_EXTERNES)) and acces_declare(view) is None
    ]
    assert not sans_porte, f"URL sans contrôle d'accès déclaré (@public ou @acces_reserve) : {sans_porte}"


def test_chaque_modele_de_donnees_personnelles_est_historise():
    import pghistory.models

    suivis = {
        m._meta.get_field("pgh_obj").related_model
        for m in apps.get_models()
        if issubclass(m, pghistory.models.Event) and "pgh_obj" in {f.name for f in m._meta.get_fields()}
    }
    personnels = {
        apps.get_model("comptes", "User"),
        apps.get_model("personnes", "Personne"),
        apps.get_model("personnes", "Implication"),
        apps.get_model("reseau", "Membership"),
        apps.get_model("parametres", "ParametreLegal"),
        apps.get_model("contrats", "ContratEngagement"),
        apps.get_model("contrats", "VersionContrat"),
        apps.get_model("contrats", "ActionPlan"),
        apps.get_model("contrats", "DeclarationActivite"),
        apps.get_model("contrats", "LigneDeclaration"),
        apps.get_model("diagnostic", "Diagnostic"),
        apps.get_model("diagnostic", "VersionSection"),
        apps.get_model("messagerie", "Message"),
        apps.get_model("sanctions", "Manquement"),
        apps.get_model("sanctions", "ProcedureSanction"),
        apps.get_model("sanctions", "Recours"),
        apps.get_model("sanctions", "CourrierProcedure"),
    }
    assert personnels <= suivis, f"Sans historique pghistory : {personnels - suivis}"


def test_aucune_migration_manquante():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_chaque_index_et_contrainte_declares_existe_en_base():
    """The migrations built what the models declare (Django's AlterField on ``db_index``
    drops every index of the column, a partial unique one included: this caught it)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
            "UNION SELECT conname FROM pg_constraint"
        )
        en_base = {nom for (nom,) in cursor.fetchall()}
    declares = {
        objet.name
        for modele in apps.get_models()
        if modele._meta.managed
        for objet in (*modele._meta.indexes, *modele._meta.constraints)
    }
    assert declares, "aucun index ni contrainte déclarés : le test ne vérifierait rien"
    assert declares <= en_base, f"Déclarés mais absents de la base : {sorted(declares - en_base)}"
