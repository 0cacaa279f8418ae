"""Loads the NAF rév. 2 sub-classes (entreprises/data/naf_rev2.csv, INSEE; see data/README.md)."""

import csv
from pathlib import Path

from django.db import migrations

FICHIER = Path(__file__).resolve().parent.parent / "data" / "naf_rev2.csv"


def charger(apps, schema_editor):
    CodeNaf = apps.get_model("entreprises", "CodeNaf")
    with FICHIER.open(encoding="utf-8", newline="") as f:
        lignes = [
            CodeNaf(
                code=ligne["code"],
                libelle=ligne["libelle"],
                code_division=ligne["code_division"],
                code_section=ligne["code_section"],
                libelle_section=ligne["libelle_section"],
            )
            for ligne in csv.DictReader(f)
        ]
    CodeNaf.objects.bulk_create(lignes, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("entreprises", "0001_initial")]

    operations = [migrations.RunPython(charger, migrations.RunPython.noop)]
