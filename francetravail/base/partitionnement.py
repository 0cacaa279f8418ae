"""PostgreSQL declarative partitioning by month (issue 21): the access log and the notification outbox.

A partitioned table is split into one partition per calendar month of its date column (in the
platform's time zone, Europe/Paris: the month a person or a jurist means), named
``<table>_pAAAA_MM``, plus a DEFAULT partition ``<table>_defaut``. Retention then drops a whole
month (``DROP TABLE`` of its partition) instead of deleting rows one by one.

**A missing month** (beat did not run for three months): the row goes to the DEFAULT partition, so
no read of a file and no notification ever fails for it; the next run of the maintenance task
creates that month's partition and moves the rows into it (``creer_partition``). A month past its
retention found there gets its partition, then is dropped like the others.

**The primary key** holds the partition column (PostgreSQL requires it of any unique index on a
partitioned table): ``(id, <date>)`` in the database, while Django keeps ``id`` as the model's key.
``id`` still comes from one identity sequence for the whole table, so it stays unique in practice;
no foreign key may point TO a partitioned table by ``id`` alone (``db_constraint=False`` on those
fields, and the maintenance task clears them before dropping a month).

Used by the migrations that partition a table (``partitionner``/``departitionner``) and by
``francetravail.donnees.partitions`` (the beat task). Identifiers come from the code, never from
input; dates are formatted here from ``datetime.date`` values.
"""

import datetime
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

AVANCE_MOIS = 3
"""How many months ahead of the current one the maintenance task keeps partitions ready."""

_MOIS = re.compile(r"_p(\d{4})_(\d{2})$")


def _qn(nom):
    return '"' + nom.replace('"', '""') + '"'


def debut_mois(jour):
    return jour.replace(day=1)


def mois_suivant(mois):
    return datetime.date(mois.year + mois.month // 12, mois.month % 12 + 1, 1)


def mois_entre(premier, dernier):
    """Every first day of a month from ``premier``'s month to ``dernier``'s, both included."""
    mois, fin = debut_mois(premier), debut_mois(dernier)
    while mois <= fin:
        yield mois
        mois = mois_suivant(mois)


def minuit(jour):
    """Midnight of ``jour`` in the platform's time zone (an aware datetime)."""
    return datetime.datetime(jour.year, jour.month, jour.day, tzinfo=ZoneInfo(settings.TIME_ZONE))


def borne(jour):
    """A partition's bound: midnight of ``jour``, as a timestamptz literal."""
    return minuit(jour).isoformat()


def nom_partition(table, mois):
    return f"{table}_p{mois:%Y_%m}"


def nom_defaut(table):
    return f"{table}_defaut"


def partitions(cursor, table):
    """``{first day of the month: partition name}`` of the monthly partitions of ``table`` (the ones
    named by this module: a partition attached by hand under another name is never dropped)."""
    cursor.execute(
        "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = %s::regclass",
        [table],
    )
    trouvees = {}
    for (nom,) in cursor.fetchall():
        correspondance = _MOIS.search(nom)
        if nom.startswith(table) and correspondance:
            trouvees[datetime.date(int(correspondance[1]), int(correspondance[2]), 1)] = nom
    return trouvees


def partitionnee(cursor, table):
    cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = %s::regclass", [table])
    return cursor.fetchone() is not None


def lignes_par_defaut(cursor, table, colonne):
    """The months (first days) of the rows that wait in the DEFAULT partition (a month missing when they came)."""
    cursor.execute(
        f"SELECT DISTINCT date_trunc('month', {_qn(colonne)} AT TIME ZONE %s)::date "  # noqa: S608
        f"FROM {_qn(nom_defaut(table))}",
        [settings.TIME_ZONE],
    )
    return sorted(mois for (mois,) in cursor.fetchall())


def creer_partition(cursor, table, colonne, mois):
    """Creates the partition of ``mois`` if it is missing; moves into it the rows of that month that
    wait in the DEFAULT partition. Returns the number of rows moved, or None if it existed already.

    Run it inside a transaction: the DEFAULT partition is locked first (EXCLUSIVE: reads go on, a
    write routed there waits) so that no row of the month lands there between the move and the
    attachment, which PostgreSQL would otherwise refuse.
    """
    if mois in partitions(cursor, table):
        return None
    nom, defaut = nom_partition(table, mois), nom_defaut(table)
    debut, fin = borne(mois), borne(mois_suivant(mois))
    cursor.execute(f"LOCK TABLE {_qn(defaut)} IN EXCLUSIVE MODE")
    # A standalone table, filled, then attached: ATTACH adds the parent's indexes, keys and triggers.
    cursor.execute(f"CREATE TABLE {_qn(nom)} (LIKE {_qn(table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
    cursor.execute(
        f"WITH deplacees AS (DELETE FROM {_qn(defaut)} WHERE {_qn(colonne)} >= %s AND {_qn(colonne)} < %s "  # noqa: S608
        f"RETURNING *) INSERT INTO {_qn(nom)} SELECT * FROM deplacees",
        [debut, fin],
    )
    deplacees = cursor.rowcount
    cursor.execute(f"ALTER TABLE {_qn(table)} ATTACH PARTITION {_qn(nom)} FOR VALUES FROM ('{debut}') TO ('{fin}')")
    return deplacees


def supprimer_partition(cursor, table, mois):
    """Drops the partition of ``mois`` (its rows go with it). Returns how many rows it held."""
    nom = partitions(cursor, table)[mois]
    cursor.execute(f"SELECT count(*) FROM {_qn(nom)}")  # noqa: S608
    (nombre,) = cursor.fetchone()
    cursor.execute(f"DROP TABLE {_qn(nom)}")
    return nombre


def _definitions(cursor, table):
    cursor.execute(
        """SELECT pg_get_indexdef(i.indexrelid), i.indisprimary, i.indisunique, ci.relname
             FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
            WHERE i.indrelid = %s::regclass ORDER BY ci.relname""",
        [table],
    )
    index = cursor.fetchall()
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
        [table],
    )
    cles_etrangeres = cursor.fetchall()
    cursor.execute(
        "SELECT conrelid::regclass::text, conname FROM pg_constraint WHERE confrelid = %s::regclass AND contype = 'f'",
        [table],
    )
    references = cursor.fetchall()
    return index, cles_etrangeres, references


def _sequence(cursor, table):
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    return cursor.fetchone()[0]


def _recreer(cursor, table, *, partition_par, uniques_remplaces, mois=()):
    """Rebuilds ``table`` with the same columns, data, indexes and foreign keys, partitioned by month of
    ``partition_par`` (a column name) or plain (None). The unique indexes named in ``uniques_remplaces``
    are not rebuilt (the caller enforces them otherwise); any other unique index must hold the
    partition column."""
    index, cles_etrangeres, references = _definitions(cursor, table)
    if references:
        raise RuntimeError(
            f"Des clés étrangères pointent vers {table} ({references}) : déclarez-les db_constraint=False "
            "avant de partitionner (PostgreSQL exige la colonne de partition dans la clé référencée)."
        )
    ancienne, ancienne_sequence = f"{table}_avant_partitions", _sequence(cursor, table)
    cursor.execute(f"ALTER TABLE {_qn(table)} RENAME TO {_qn(ancienne)}")
    partition = f" PARTITION BY RANGE ({_qn(partition_par)})" if partition_par else ""
    cursor.execute(
        f"CREATE TABLE {_qn(table)} (LIKE {_qn(ancienne)} INCLUDING DEFAULTS INCLUDING IDENTITY "
        f"INCLUDING CONSTRAINTS INCLUDING STORAGE INCLUDING COMMENTS){partition}"
    )
    if partition_par:
        cursor.execute(f"CREATE TABLE {_qn(nom_defaut(table))} PARTITION OF {_qn(table)} DEFAULT")
        for premier in mois:
            debut, fin = borne(premier), borne(mois_suivant(premier))
            cursor.execute(
                f"CREATE TABLE {_qn(nom_partition(table, premier))} PARTITION OF {_qn(table)} "
                f"FOR VALUES FROM ('{debut}') TO ('{fin}')"
            )
    cursor.execute(f"INSERT INTO {_qn(table)} SELECT * FROM {_qn(ancienne)}")  # noqa: S608
    nouvelle_sequence = _sequence(cursor, table)
    cursor.execute(f"SELECT last_value, is_called FROM {ancienne_sequence}")  # noqa: S608
    dernier, appele = cursor.fetchone()
    cursor.execute("SELECT setval(%s, %s, %s)", [nouvelle_sequence, dernier, appele])
    cursor.execute(f"DROP TABLE {_qn(ancienne)}")
    # The sequence was created beside the old one under another name: give it the usual one back.
    cursor.execute(f"ALTER SEQUENCE {nouvelle_sequence} RENAME TO {_qn(f'{table}_id_seq')}")
    cle = f"id, {_qn(partition_par)}" if partition_par else "id"
    cursor.execute(f"ALTER TABLE {_qn(table)} ADD CONSTRAINT {_qn(f'{table}_pkey')} PRIMARY KEY ({cle})")
    for definition, primaire, unique, nom in index:
        if primaire or nom in uniques_remplaces:
            continue
        if unique and partition_par:
            raise RuntimeError(f"L'index unique {nom} ne contient pas la colonne de partition de {table}.")
        # A partitioned table's index is defined « ON ONLY » the parent: rebuilt on a plain table, it is not.
        cursor.execute(definition.replace(" ON ONLY ", " ON ", 1))
    for nom, definition in cles_etrangeres:
        cursor.execute(f"ALTER TABLE {_qn(table)} ADD CONSTRAINT {_qn(nom)} {definition}")


def partitionner(schema_editor, table, colonne, *, uniques_remplaces=(), aujourd_hui=None):
    """Migration step: turns the plain ``table`` into a table partitioned by month of ``colonne``,
    keeping its rows, its ids (and the sequence's position), indexes and foreign keys. Creates the
    months from its oldest row to ``AVANCE_MOIS`` months ahead, and the DEFAULT partition.

    Holds an ACCESS EXCLUSIVE lock on the table while its rows are copied: on a large table, run
    the migration in a maintenance window."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    with schema_editor.connection.cursor() as cursor:
        if partitionnee(cursor, table):
            return
        cursor.execute(
            f"SELECT min({_qn(colonne)} AT TIME ZONE %s)::date FROM {_qn(table)}",  # noqa: S608
            [settings.TIME_ZONE],
        )
        plus_ancien = cursor.fetchone()[0] or aujourd_hui
        dernier = aujourd_hui
        for _ in range(AVANCE_MOIS):
            dernier = mois_suivant(debut_mois(dernier))
        _recreer(
            cursor,
            table,
            partition_par=colonne,
            uniques_remplaces=uniques_remplaces,
            mois=list(mois_entre(min(plus_ancien, aujourd_hui), dernier)),
        )


def departitionner(schema_editor, table):
    """The migration's way back: a plain table with the same rows (the caller restores its unique
    constraints afterwards)."""
    with schema_editor.connection.cursor() as cursor:
        if partitionnee(cursor, table):
            _recreer(cursor, table, partition_par=None, uniques_remplaces=())
