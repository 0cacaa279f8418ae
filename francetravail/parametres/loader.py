"""Loads the national legal parameters shipped in ``data/parametres_legaux.csv``.

Idempotent: a row is identified by (clé, national scope, valide_du); its other
fields are updated. Rows edited or added in the admin are left alone.

The ``departemental`` column says whether a département may set its own value of the key
(``PorteeDepartementale``; empty: no), justified in the row's note where it is not « non ».
« non » is every figure of the law (C. trav., CASF: hours, delays, rates, durations, ages),
the same everywhere, confirmed or not (the RAPO and mediation delays, the RSA re-offence
window are the law's, only not confirmed by a text found), and the orientation référentiel's
period (a département adapts the orientation through its own rules, ``orientation/``).
"""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from francetravail.parametres.models import ParametreLegal, PorteeDepartementale

FICHIER = Path(__file__).resolve().parent / "data" / "parametres_legaux.csv"


def charger_parametres(fichier=FICHIER):
    crees = mis_a_jour = 0
    with Path(fichier).open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            defaults = {
                "libelle": row["libelle"],
                "valeur": Decimal(row["valeur"]),
                "unite": row["unite"],
                "reference_legale": row["reference_legale"],
                "valide_au": date.fromisoformat(row["valide_au"]) if row["valide_au"] else None,
                "confirme": row["confirme"] == "1",
                "note": row["note"],
                # A trailing column: a row written without it is a national figure only.
                "departemental": (row.get("departemental") or "").strip() or PorteeDepartementale.NATIONALE,
            }
            obj, created = ParametreLegal.objects.get_or_create(
                cle=row["cle"], departement=None, valide_du=date.fromisoformat(row["valide_du"]), defaults=defaults
            )
            if created:
                crees += 1
                continue
            changed = [k for k, v in defaults.items() if getattr(obj, k) != v]
            if changed:
                for k in changed:
                    setattr(obj, k, defaults[k])
                obj.save(update_fields=changed)
                mis_a_jour += 1
    return crees, mis_a_jour
