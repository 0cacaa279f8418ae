"""Loads the ROME 4.0 CSV files of ``data/`` (see ``data/SOURCE.md``).

Used by the data migration, with historical models. Rows are upserted by code, so
loading twice changes nothing and a later version can be loaded over this one;
nothing is deleted, since diagnostics and offers may point to an old code.

The rows go through COPY into a temporary table, then one INSERT … ON CONFLICT per
table: the migration runs at every test database creation, and bulk_create spent
two seconds building 15 000 model instances and their parameters.
"""

import csv
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections

DATA_DIR = Path(__file__).resolve().parent / "data"


def _lire(nom):
    # Labels hold commas and both ' and ’: only a real CSV parser reads them right.
    with (DATA_DIR / nom).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _upsert(cursor, Model, champs, lignes):
    """COPY ``lignes`` (tuples in ``champs`` order) into ``Model``'s table, updating rows already there."""
    quote = cursor.db.ops.quote_name
    table = quote(Model._meta.db_table)
    colonnes = [quote(Model._meta.get_field(c).column) for c in champs]
    cle, autres = colonnes[0], colonnes[1:]
    liste = ", ".join(colonnes)
    # Names below come from model metadata, quoted; the values travel through COPY.
    cursor.execute(f"CREATE TEMP TABLE rome_import ON COMMIT DROP AS SELECT {liste} FROM {table} WITH NO DATA")  # noqa: S608
    with cursor.copy(f"COPY rome_import ({liste}) FROM STDIN") as copy:
        for ligne in lignes:
            copy.write_row(ligne)
    nouveaux = ", ".join(f"EXCLUDED.{c}" for c in autres)
    cursor.execute(
        f"INSERT INTO {table} ({liste}) SELECT {liste} FROM rome_import "  # noqa: S608 — model metadata
        f"ON CONFLICT ({cle}) DO UPDATE SET ({', '.join(autres)}) = ROW({nouveaux}) "
        f"WHERE ({', '.join(f'{table}.{c}' for c in autres)}) IS DISTINCT FROM ({nouveaux})"
    )
    cursor.execute("DROP TABLE rome_import")
    return len(lignes)


def charger_rome(GrandDomaine, DomaineProfessionnel, FicheRome, Appellation, using=DEFAULT_DB_ALIAS):
    with connections[using].cursor() as cursor:
        return {
            "grands_domaines": _upsert(
                cursor,
                GrandDomaine,
                ["code", "libelle"],
                [(r["code_grand_domaine"], r["libelle_grand_domaine"]) for r in _lire("rome_grands_domaines.csv")],
            ),
            "domaines": _upsert(
                cursor,
                DomaineProfessionnel,
                ["code", "libelle", "grand_domaine"],
                [
                    (r["code_domaine_professionnel"], r["libelle_domaine_professionnel"], r["code_grand_domaine"])
                    for r in _lire("rome_domaines_professionnels.csv")
                ],
            ),
            "fiches": _upsert(
                cursor,
                FicheRome,
                ["code_rome", "libelle", "domaine"],
                [
                    (r["code_rome"], r["libelle_rome"], r["code_domaine_professionnel"])
                    for r in _lire("rome_codes.csv")
                ],
            ),
            "appellations": _upsert(
                cursor,
                Appellation,
                ["code_ogr", "libelle_long", "libelle_court", "fiche"],
                [
                    (r["code_ogr"], r["libelle_appellation_long"], r["libelle_appellation_court"], r["code_rome"])
                    for r in _lire("rome_appellations.csv")
                ],
            ),
        }
