"""The logs' monthly partitions (issue 21): created ahead, dropped whole past their retention.

The access log (``audit.JournalAcces``, by ``at``) and the notification outbox
(``notifications.Notification``, by ``created_at``) are partitioned by month
(``francetravail.base.partitionnement``). Every night beat runs ``entretenir_partitions``:

- **ahead**: the partitions of the current month and of the ``AVANCE_MOIS`` (3) next ones exist; a month
  whose rows wait in the DEFAULT partition (beat stopped for months) gets its partition and its rows;
- **retention**: a month is dropped (``DROP TABLE`` of its partition, no ``DELETE``) once its last day
  is older than ``conservation.journaux`` (6 months, C. trav. R5312-44, read on the day of the run:
  its 1 July 2026 version is a row of its own), i.e. once every row of it is past the retention; a row is
  then kept between 6 and 7 months. The outbox keeps a month while one of its notifications is still
  pending (``en_attente``: not sent nor given up), so nothing waiting to go out disappears; sent and
  failed ones (final states) go with their month.
- each dropped partition writes one line of the purge register (``RegistrePurge``, action
  ``PARTITIONS``): the rule, its article, the bound applied, the number of rows, and — instead of hashed
  file ids, since a month of log concerns nearly every file — the partition's name.

Foreign keys to these tables have no database constraint (PostgreSQL would need the partition column in
them): before a month is dropped, the references to its rows are set to NULL in the same transaction
(the delivery callbacks, invitations' sendings, sanctions letters: the letter keeps its own content and
dates; only the sending trace, past its retention, goes).

One transaction per partition, ``lock_timeout`` bounded: a long query holding the table makes that
partition wait for the next night rather than queueing every reader behind the drop. An advisory lock
per table makes two workers run one after the other. Safe twice in a row.
"""

import logging
import time
from dataclasses import dataclass

import pghistory.models
from celery import shared_task
from django.apps import apps
from django.db import OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from francetravail.base import partitionnement
from francetravail.base.calendrier import ajouter_mois
from francetravail.donnees.enums import ActionConservation
from francetravail.donnees.models import RegistrePurge
from francetravail.notifications.enums import Statut
from francetravail.parametres.lookup import parametre

logger = logging.getLogger(__name__)

VERROU_PARTITIONS = 0x50415254  # "PART", second integer: hashtext of the table's name
DELAI_VERROU = "5s"
REGLE = "conservation.journaux"


@dataclass(frozen=True)
class TablePartitionnee:
    modele: str
    colonne: str
    # Rows that keep their month past the retention (not final yet).
    retenues: Q | None = None

    @property
    def model(self):
        return apps.get_model(self.modele)

    @property
    def table(self):
        return self.model._meta.db_table


TABLES = (
    TablePartitionnee("audit.JournalAcces", "at"),
    TablePartitionnee("notifications.Notification", "created_at", retenues=Q(statut=Statut.EN_ATTENTE)),
)


def _verrouiller(cursor, table):
    cursor.execute("SELECT pg_advisory_xact_lock(%s::int, hashtext(%s))", [VERROU_PARTITIONS, table])
    cursor.execute(f"SET LOCAL lock_timeout = '{DELAI_VERROU}'")


def mois_a_creer(table, le):
    """The months whose partition must exist on ``le``: the current one, the next ``AVANCE_MOIS``, and
    those of the rows waiting in the DEFAULT partition."""
    with connection.cursor() as cursor:
        existantes = partitionnement.partitions(cursor, table.table)
        en_attente = partitionnement.lignes_par_defaut(cursor, table.table, table.colonne)
    dernier = ajouter_mois(partitionnement.debut_mois(le), partitionnement.AVANCE_MOIS)
    voulus = set(partitionnement.mois_entre(le, dernier)) | set(en_attente)
    return sorted(voulus - set(existantes))


def creer_partitions(table, le):
    """Creates the missing months; returns ``{month: rows moved from the DEFAULT partition}``."""
    creees = {}
    for mois in mois_a_creer(table, le):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                _verrouiller(cursor, table.table)
                if mois in partitionnement.partitions(cursor, table.table):
                    continue  # made by another worker meanwhile
                creees[mois] = partitionnement.creer_partition(cursor, table.table, table.colonne, mois)
        except OperationalError:
            logger.warning("Partition %s de %s non créée (table occupée) : essai au prochain passage.", mois, table)
    if creees:
        logger.info("Partitions créées pour %s : %s", table.table, ", ".join(f"{m:%Y-%m}" for m in creees))
    if any(creees.values()):
        # Rows waited in the DEFAULT partition: beat did not run for months, or a row was dated far away.
        logger.warning("Lignes de %s rangées hors de la partition par défaut : %s", table.table, creees)
    return creees


def limite_de_conservation(le):
    """(the ``conservation.journaux`` row in force on ``le``, the first day whose data must be kept)."""
    ligne = parametre(REGLE, le=le)
    return ligne, ajouter_mois(le, -int(ligne.valeur))


def mois_echus(table, le):
    """The months whose every row is older than the retention bound on ``le``."""
    _, limite = limite_de_conservation(le)
    with connection.cursor() as cursor:
        existantes = partitionnement.partitions(cursor, table.table)
    return sorted(mois for mois in existantes if partitionnement.mois_suivant(mois) <= limite)


def _retenue(table, mois):
    if table.retenues is None:
        return False
    filtre = {
        f"{table.colonne}__gte": partitionnement.minuit(mois),
        f"{table.colonne}__lt": partitionnement.minuit(partitionnement.mois_suivant(mois)),
    }
    return table.model.objects.filter(table.retenues, **filtre).exists()


def references(model):
    """The foreign keys to ``model`` that the drop of a month clears (hidden ones, ``related_name="+"``,
    included). pghistory's event tables are left as they are: a history says what the row held then."""
    return [
        relation.field
        for relation in model._meta.get_fields(include_hidden=True)
        if relation.auto_created
        and not relation.concrete
        and relation.is_relation
        and relation.field.concrete
        and not relation.field.many_to_many
        and not issubclass(relation.related_model, pghistory.models.Event)
    ]


def _detacher_references(cursor, table, nom_partition):
    """Sets to NULL every reference to the partition's rows (foreign keys without database constraint)."""
    for champ in references(table.model):
        if not champ.null:
            raise RuntimeError(f"{champ} ne peut pas être vidé : la partition {nom_partition} est gardée.")
        source = champ.model._meta.db_table
        cursor.execute(
            f'UPDATE "{source}" SET "{champ.column}" = NULL FROM "{nom_partition}" p '  # noqa: S608
            f'WHERE "{source}"."{champ.column}" = p.id'
        )


def supprimer_partitions(table, le):
    """Drops the months past the retention on ``le`` (but a month still holding a pending row); one
    register line each. Returns ``{month: rows dropped}``."""
    regle, limite = limite_de_conservation(le)
    supprimees = {}
    for mois in mois_echus(table, le):
        debut = time.monotonic()
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                _verrouiller(cursor, table.table)
                nom = partitionnement.partitions(cursor, table.table).get(mois)
                if nom is None:
                    continue  # dropped by another worker meanwhile
                if _retenue(table, mois):
                    logger.warning("Partition %s gardée : des lignes ne sont pas encore dans un état final.", nom)
                    continue
                _detacher_references(cursor, table, nom)
                nombre = partitionnement.supprimer_partition(cursor, table.table, mois)
                RegistrePurge.objects.create(
                    regle=REGLE,
                    reference_legale=regle.reference_legale,
                    action=ActionConservation.PARTITIONS,
                    date_limite=limite,
                    nombre=nombre,
                    identifiants=[nom],
                    duree_ms=round((time.monotonic() - debut) * 1000),
                )
                supprimees[mois] = nombre
        except OperationalError:
            logger.warning(
                "Partition %s de %s non supprimée (table occupée) : essai au prochain passage.", mois, table
            )
    return supprimees


def entretenir(le=None):
    """Both steps for every partitioned table, on the day ``le`` (today by default)."""
    le = le or timezone.localdate()
    return {
        table.table: {"creees": creer_partitions(table, le), "supprimees": supprimer_partitions(table, le)}
        for table in TABLES
    }


# Nightly at 03:15 (francetravail/beat.py); listed in CELERY_IMPORTS so that workers know it.
@shared_task(name="francetravail.donnees.partitions.entretenir_partitions", ignore_result=True)
def entretenir_partitions():
    return {
        table: {etape: {f"{mois:%Y-%m}": n for mois, n in faits.items()} for etape, faits in etapes.items()}
        for table, etapes in entretenir().items()
    }
