#!/usr/bin/env python
import importlib.util
import os
import sys
from pathlib import Path

# Commands that need no database: they run even when the project's services are down.
SANS_SERVICES = {"help", "--help", "-h", "version", "--version"}


def _etat_services():
    """scripts/etat_services.py, loaded by path (scripts/ is no package; absent from the image)."""
    chemin = Path(__file__).resolve().parent / "scripts" / "etat_services.py"
    if not chemin.exists():
        return None
    spec = importlib.util.spec_from_file_location("etat_services", chemin)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _services_du_projet():
    """In development, DATABASE_URL and REDIS_URL default to the project's own services (the
    ports `scripts/services.py up` chose), so that a command works in a terminal where
    `make run` did not export them. Never over an explicit variable, never in production."""
    etat_services = _etat_services()
    if etat_services is None:
        return
    commande = sys.argv[1] if len(sys.argv) > 1 else "help"
    try:
        avertissements = etat_services.fill_environment(os.environ, check=commande not in SANS_SERVICES)
    except etat_services.ServicesDown as exc:
        sys.exit(str(exc))
    for avertissement in avertissements:
        print(avertissement, file=sys.stderr)


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "francetravail.settings.dev")
    _services_du_projet()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
