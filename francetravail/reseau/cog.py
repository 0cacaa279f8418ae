"""Loads the INSEE COG (régions, départements, communes) and postal codes.

Used by the data migration (with historical models) and by the
``charger_territoires`` command (with the current ones). Idempotent: rows are
upserted by INSEE code; nothing is deleted, so a commune that disappears from a
later COG stays referenced by the files that point to it.
"""

import csv
from collections import defaultdict
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# Only current communes and municipal arrondissements are rows of their own;
# communes déléguées/associées can share their parent's INSEE code.
TYPES_CHARGES = {"COM", "ARM"}
TYPES_ANCIENS = {"COMD", "COMA"}


def _lire(nom):
    with (DATA_DIR / nom).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def charger_cog(Region, Departement, Commune, batch_size=2000):
    regions = [Region(code=r["REG"], nom=r["LIBELLE"]) for r in _lire("cog2026_regions.csv")]
    Region.objects.bulk_create(regions, update_conflicts=True, unique_fields=["code"], update_fields=["nom"])

    departements = [
        Departement(code=d["DEP"], nom=d["LIBELLE"], region_id=d["REG"]) for d in _lire("cog2026_departements.csv")
    ]
    Departement.objects.bulk_create(
        departements, update_conflicts=True, unique_fields=["code"], update_fields=["nom", "region"]
    )

    postaux = {}
    population = {}
    for row in _lire("communes_codes_postaux.csv"):
        postaux[row["code_insee"]] = sorted(set(row["codes_postaux"].split()))
        population[row["code_insee"]] = int(row["population"]) if row["population"] else None

    rows = _lire("cog2026_communes.csv")
    anciens = defaultdict(list)
    for row in rows:
        if row["TYPECOM"] in TYPES_ANCIENS and row["LIBELLE"]:
            anciens[row["COMPARENT"]].append(row["LIBELLE"])

    communes = []
    for row in rows:
        if row["TYPECOM"] not in TYPES_CHARGES:
            continue
        code = row["COM"]
        communes.append(
            Commune(
                code_insee=code,
                nom=row["LIBELLE"],
                type_commune=row["TYPECOM"],
                departement_id=row["DEP"],
                codes_postaux=postaux.get(code, []),
                population=population.get(code),
                anciens_noms=sorted({n for n in anciens.get(code, []) if n != row["LIBELLE"]}),
            )
        )
    fields = ["nom", "type_commune", "departement", "codes_postaux", "population", "anciens_noms"]
    Commune.objects.bulk_create(
        communes, batch_size=batch_size, update_conflicts=True, unique_fields=["code_insee"], update_fields=fields
    )
    # Arrondissements point to their commune (Paris, Lyon, Marseille).
    parents = {r["COM"]: r["COMPARENT"] for r in rows if r["TYPECOM"] == "ARM" and r["COMPARENT"]}
    for code, parent in parents.items():
        Commune.objects.filter(code_insee=code).exclude(commune_parente_id=parent).update(commune_parente_id=parent)
    return {"regions": len(regions), "departements": len(departements), "communes": len(communes)}
