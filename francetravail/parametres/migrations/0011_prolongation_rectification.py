"""The extension of a rectification request's deadline (RGPD art. 12 §3, two months, once): added to an existing
database here, the same row as in data/parametres_legaux.csv (which ``charger_parametres`` keeps up to date)."""

import csv
import datetime
from decimal import Decimal
from pathlib import Path

from django.db import migrations

FICHIER = Path(__file__).resolve().parent.parent / "data" / "parametres_legaux.csv"
CLE = "donnees.prolongation_rectification"


def ajouter(apps, schema_editor):
    ParametreLegal = apps.get_model("parametres", "ParametreLegal")
    with FICHIER.open(encoding="utf-8", newline="") as f:
        lignes = [row for row in csv.DictReader(f) if row["cle"] == CLE]
    for row in lignes:
        ParametreLegal.objects.get_or_create(
            cle=CLE,
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
    apps.get_model("parametres", "ParametreLegal").objects.filter(cle=CLE, departement=None).delete()


class Migration(migrations.Migration):
    dependencies = [("parametres", "0010_preavis_archivage")]

    operations = [migrations.RunPython(ajouter, retirer)]
