"""Retention of personal data as dated legal parameters (issue 21, R5312-44, R5312-34, RGPD art. 12): added
to an existing database here, the same rows as in data/parametres_legaux.csv (read from it: the keys
``conservation.*`` and ``donnees.*``; ``charger_parametres`` keeps them up to date)."""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

from django.db import migrations

FICHIER = Path(__file__).resolve().parent.parent / "data" / "parametres_legaux.csv"
PREFIXES = ("conservation.", "donnees.")


def _lignes():
    with FICHIER.open(encoding="utf-8", newline="") as f:
        return [row for row in csv.DictReader(f) if row["cle"].startswith(PREFIXES)]


def ajouter(apps, schema_editor):
    ParametreLegal = apps.get_model("parametres", "ParametreLegal")
    for row in _lignes():
        ParametreLegal.objects.get_or_create(
            cle=row["cle"],
            departement=None,
            valide_du=datetime.date.fromisoformat(row["valide_du"]),
            defaults={
                "libelle": row["libelle"],
                "valeur": Decimal(row["valeur"]),
                "unite": row["unite"],
                "reference_legale": row["reference_legale"],
                "valide_au": datetime.date.fromisoformat(row["valide_au"]) if row["valide_au"] else None,
                "confirme": row["confirme"] == "1",
                "note": row["note"],
                "departemental": row["departemental"] or "non",
            },
        )


def retirer(apps, schema_editor):
    ParametreLegal = apps.get_model("parametres", "ParametreLegal")
    ParametreLegal.objects.filter(cle__startswith="conservation.", departement=None).delete()
    ParametreLegal.objects.filter(cle__startswith="donnees.", departement=None).delete()


class Migration(migrations.Migration):
    dependencies = [("parametres", "0008_invitations")]

    operations = [migrations.RunPython(ajouter, retirer)]
