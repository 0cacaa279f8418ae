"""Running a CNAF XML import at the pace of a national monthly stock: scan once, compare in SQL,
parse and write only what moved, in parts that two workers run side by side.

1. **Scan** (``preparer``, under the import's advisory lock, one transaction): the file is cut into
   households (``cnaf_xml.decouper``: offsets, key, hash of the raw bytes, no parsing) and each one's
   (number, offsets, key, raw hash) is COPied into a temporary table, then compared in SQL with
   ``FoyerRSA.empreinte_brute``. The result is an UNLOGGED table per import (``table_segments``):
   every household of the file with ``a_lire`` (new, or its bytes moved) and its ``partie``
   (a hash of its key modulo ``FLUX_CAF_PARTIES``: the lines of one household always fall in one
   part, in file order). The households whose bytes did not move are counted « sans changement »
   at once: nothing parses them, nothing writes them. A truncated file raises ``FormatInvalide`` at
   the end of the scan: the transaction is rolled back, nothing is written.
2. **Parts** (``ecrire_partie``, one Celery task each): a part reads its households' bytes by offset,
   parses them (``cnaf_xml.lire_foyer``, in a thread ahead of the writes) and hands them to the writer
   (``ecriture_flux.ecrire_lot``) by batches; each batch's transaction also marks its households
   ``fait`` in the table, so a resumed part starts exactly after its last committed batch.
3. **End** (``terminer_si_complet``): the part that finds no household left, under the import's row
   lock, runs what needs the whole file (a monthly stock's absent households, from the table's keys),
   marks the import « terminé » and drops the table.

Locks: the scan holds the import's exclusive advisory lock (``import_caf.VERROU_IMPORT``); each part
holds the same key *shared* (so ``import_caf.imports_en_execution`` and the sweep see the import
alive while any part runs, and a redelivered import message cannot take it) plus its own exclusive
key (``VERROU_PARTIE + partie``), so a redelivered part message returns at once. The sweep re-drives
an import whose parts all died: ``import_caf.executer`` finds the scan done (its table is there,
complete) and sends the parts again; each resumes after its last committed batch.
"""

import array
import logging
import time

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from francetravail.base.verrous import Verrou, verrous_de_session
from inscription import ecriture_flux
from inscription.enums import FormatFlux, StatutImport
from inscription.flux.cnaf_xml import decouper, lire_foyer
from inscription.flux.modele import STOCK_MENSUEL, FormatInvalide
from inscription.lecture_anticipee import en_avance
from inscription.models import ImportFluxCAF, LigneRapport

logger = logging.getLogger(__name__)

TAILLE_LOT = 5_000
FORMATS = frozenset({FormatFlux.VRSB0801, FormatFlux.VRSD0301})
# The exclusive advisory lock of each part ("CAFP" + the part's rank); the second key is the import's id.
VERROU_PARTIE = 0x43414650

_SCAN = """
CREATE TEMP TABLE IF NOT EXISTS flux_segments_scan (
    numero integer, debut bigint, longueur integer, organisme text, numero_allocataire text, empreinte_brute text
) ON COMMIT DROP
"""
# Unchanged: the household of that key was last written from exactly these bytes (and is not in the queue of
# households a stock no longer listed: listed again, it leaves it through the writer). Its part comes from its
# key only, so two lines of one household never go to two workers.
_COMPARER = """
CREATE UNLOGGED TABLE {table} AS
SELECT s.numero, s.debut, s.longueur, s.organisme, s.numero_allocataire,
       f.id IS NULL OR f.empreinte_brute IS DISTINCT FROM s.empreinte_brute
           OR f.absent_du_stock_le IS NOT NULL AS a_lire,
       (((hashtext(s.organisme || ' ' || s.numero_allocataire) %% %(parties)s) + %(parties)s)
           %% %(parties)s)::smallint AS partie,
       false AS fait
FROM flux_segments_scan s
LEFT JOIN inscription_foyerrsa f ON f.organisme_payeur = s.organisme AND f.numero_allocataire = s.numero_allocataire
"""


def table_segments(import_id):
    return f"inscription_flux_segments_{int(import_id)}"


def _table_existe(cursor, table):
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
    return cursor.fetchone()[0]


def scan_fait(imp):
    """Whether the scan of ``imp`` committed (its table is there with every household of the file)."""
    table = table_segments(imp.pk)
    with connection.cursor() as cursor:
        if not _table_existe(cursor, table):
            return False
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 — the import's id, an int
        # An UNLOGGED table is emptied by a crash of the server: then the scan is done again.
        return cursor.fetchone()[0] == imp.nb_lignes


def preparer(imp):
    """Scans the file and compares it in SQL (see the module's docstring); one transaction.

    Counts the unchanged households on the import (« traitées », « sans changement »); returns the
    number of households to parse and write. Raises ``FormatInvalide`` (nothing written).
    """
    table = table_segments(imp.pk)
    with imp.fichier.open("rb") as fichier:
        decoupage = decouper(fichier)
        entete = decoupage.entete
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(_SCAN)
            cursor.execute("TRUNCATE flux_segments_scan")  # dropped at commit, but a caller may nest this
            debut = time.perf_counter()
            with cursor.copy("COPY flux_segments_scan FROM STDIN") as copie:
                _copier_segments(decoupage, copie)
            scan = time.perf_counter() - debut
            cursor.execute(_COMPARER.format(table=table), {"parties": settings.FLUX_CAF_PARTIES})
            cursor.execute(f"CREATE INDEX ON {table} (partie, numero) WHERE a_lire")
            # A new table has no statistics: without them each batch's « fait » update scanned it whole.
            cursor.execute(f"ANALYZE {table}")
            cursor.execute(f"SELECT count(*), count(*) FILTER (WHERE a_lire) FROM {table}")  # noqa: S608
            total, a_lire = cursor.fetchone()
            inchanges = total - a_lire
            logger.info(
                "Import du flux CAF/MSA n° %s : %s foyers lus et copiés en %.1f s, comparés en %.1f s, %s à écrire",
                imp.pk, total, scan, time.perf_counter() - debut - scan, a_lire,
            )  # fmt: skip
            # From zero: a scan done again (its UNLOGGED table lost in a server crash) counts what earlier
            # parts wrote as unchanged now, and their report's lines would be counted twice.
            LigneRapport.objects.filter(import_flux=imp).delete()
            ImportFluxCAF.objects.filter(pk=imp.pk).update(
                nb_lignes=total,
                nb_traitees=inchanges,
                nb_inchangees=inchanges,
                nb_creees=0,
                nb_mises_a_jour=0,
                nb_rejetees=0,
                nb_cloturees=0,
                nb_ignorees=0,
                # Not a line number here: the scan is done (``scan_fait``), a resumed run does not reset counts.
                derniere_ligne=total,
                format=entete.format,
                type_flux=entete.type_flux,
                date_flux=entete.cree_le,
                date_reference=entete.date_reference,
                encodage=entete.encodage,
                actif_le=timezone.now(),
            )
    imp.nb_lignes = total
    return a_lire


def _texte_copy(valeur):
    """A value for COPY's text format (the key comes from the file: it may hold anything)."""
    if "\\" in valeur or "\t" in valeur or "\n" in valeur or "\r" in valeur:
        return valeur.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return valeur


def _copier_segments(decoupage, copie, par=10_000):
    """The segments as COPY text lines, ``par`` at a time: ``write_row`` costs more than the scan itself."""
    lignes = []
    for numero, debut, longueur, organisme, allocataire, empreinte in decoupage:
        lignes.append(
            f"{numero}\t{debut}\t{longueur}\t{_texte_copy(organisme)}\t{_texte_copy(allocataire)}\t{empreinte}\n"
        )
        if len(lignes) >= par:
            copie.write("".join(lignes).encode())
            lignes = []
    if lignes:
        copie.write("".join(lignes).encode())


def _verrous_partie(import_id, partie):
    """The import's key shared and the part's own key exclusive, for the session; yields whether both were got."""
    from inscription.import_caf import VERROU_IMPORT  # cycle: import_caf runs this module

    return verrous_de_session(
        Verrou(VERROU_IMPORT, import_id, partage=True), Verrou(VERROU_PARTIE + partie, import_id)
    )


def ecrire_partie(import_id, partie):
    """Runs one part of an import (a Celery task, or inline): its households parsed and written by batches,
    then the import ended if nothing is left. Does nothing to an import over, or a part another session runs."""
    from inscription import import_caf  # cycle: import_caf runs this module

    with _verrous_partie(import_id, partie) as tenus:
        imp = ImportFluxCAF.objects.filter(pk=import_id).first()
        if not tenus or imp is None or imp.statut != StatutImport.EN_COURS or not scan_fait(imp):
            return imp
        try:
            _ecrire_partie(imp, partie)
            terminer_si_complet(imp)
        except FormatInvalide as exc:
            return import_caf.marquer_echec(imp.pk, str(exc))
        except Exception as exc:
            import_caf.marquer_echec(imp.pk, import_caf.raison_interruption(exc))
            raise
    return ImportFluxCAF.objects.get(pk=import_id)


def _a_lire(imp, partie):
    """(numbers, offsets, lengths) of the part's households not written yet, in file order, as compact arrays
    (a first import of a national stock gives a part a million of them)."""
    numeros, debuts, longueurs = array.array("l"), array.array("q"), array.array("l")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"SELECT numero, debut, longueur FROM {table_segments(imp.pk)} "  # noqa: S608 — the import's id, an int
            "WHERE partie = %s AND a_lire AND NOT fait ORDER BY numero",
            [partie],
        )
        while lignes := cursor.fetchmany(20_000):
            for numero, debut, longueur in lignes:
                numeros.append(numero)
                debuts.append(debut)
                longueurs.append(longueur)
    return numeros, debuts, longueurs


def _lots(fichier, decoupage, numeros, debuts, longueurs):
    """The part's households parsed, ``TAILLE_LOT`` at a time: (numbers, FoyerLu | FoyerRejete)."""
    parametres = decoupage.parametres_foyer()
    for i in range(0, len(numeros), TAILLE_LOT):
        elements = []
        for j in range(i, min(i + TAILLE_LOT, len(numeros))):
            fichier.seek(debuts[j])
            octets = fichier.read(longueurs[j])
            elements.append(lire_foyer(octets, numero=numeros[j], **parametres))
        yield numeros[i : i + TAILLE_LOT].tolist(), elements


def _ecrire_partie(imp, partie):
    numeros, debuts, longueurs = _a_lire(imp, partie)
    if not numeros:
        return
    table = table_segments(imp.pk)
    debut = time.perf_counter()
    ecriture_flux.commencer(imp)
    # Two handles: the scan's header reading and the thread's seeks must not share a position.
    with imp.fichier.open("rb") as tete, imp.fichier.open("rb") as fichier:
        decoupage = decouper(tete)
        for lot_numeros, elements in en_avance(_lots(fichier, decoupage, numeros, debuts, longueurs)):
            with transaction.atomic():
                ecriture_flux.ecrire_lot(imp, decoupage.entete, elements)
                with connection.cursor() as cursor:
                    cursor.execute(
                        # ``a_lire`` too: the partial index then finds the batch's rows (not a scan of the file's).
                        f"UPDATE {table} SET fait = true WHERE partie = %s AND a_lire AND numero = ANY(%s)",  # noqa: S608
                        [partie, lot_numeros],
                    )
    logger.info(
        "Import du flux CAF/MSA n° %s, partie %s : %s foyers lus et écrits en %.1f s",
        imp.pk, partie, len(numeros), time.perf_counter() - debut,
    )  # fmt: skip


_FOYERS_VUS = """
INSERT INTO flux_foyers_vus (organisme, numero_allocataire, departement)
SELECT s.organisme, s.numero_allocataire, coalesce(f.departement_id, '')
FROM {table} s
LEFT JOIN inscription_foyerrsa f ON f.organisme_payeur = s.organisme AND f.numero_allocataire = s.numero_allocataire
"""


def terminer_si_complet(imp):
    """Ends the import once every part is written (one transaction, under the import's row lock: of two
    parts ending together, one ends it). Returns whether it ended it."""
    table = table_segments(imp.pk)
    with transaction.atomic():
        en_cours = (
            ImportFluxCAF.objects.select_for_update(of=("self",), no_key=True)
            .filter(pk=imp.pk, statut=StatutImport.EN_COURS)
            .first()
        )
        if en_cours is None:
            return False
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE a_lire AND NOT fait)")  # noqa: S608
            if cursor.fetchone()[0]:
                return False
        if en_cours.type_flux == STOCK_MENSUEL:
            with en_cours.fichier.open("rb") as fichier:
                entete = decouper(fichier).entete
            # The households the stock listed are in the table, written or not: the writer's absent ones
            # are found from them (its own list only has what this session wrote).
            ecriture_flux.commencer(en_cours)
            with connection.cursor() as cursor:
                cursor.execute(_FOYERS_VUS.format(table=table))
                # Its statistics, so that the absent households are found by a hash join, not row by row.
                cursor.execute("ANALYZE flux_foyers_vus")
            ecriture_flux.traiter_absents_du_stock(en_cours, entete)
        maintenant = timezone.now()
        ImportFluxCAF.objects.filter(pk=imp.pk).update(
            statut=StatutImport.TERMINE, fin=maintenant, actif_le=maintenant
        )
        transaction.on_commit(lambda: supprimer_table(imp.pk))
    return True


def supprimer_table(import_id):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {table_segments(import_id)}")


def parties_a_ecrire(imp):
    """{part: households left to write}, read from the scan's table (not from the setting: it may have
    changed since the scan, and a part with nothing to write needs no task)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT partie, count(*) FROM {table_segments(imp.pk)} "  # noqa: S608 — the import's id, an int
            "WHERE a_lire AND NOT fait GROUP BY partie ORDER BY partie"
        )
        return dict(cursor.fetchall())


def a_repartir(parties):
    """Whether the parts are worth a task each: a daily file's few households are written at once by the
    scan's task (a round trip through the broker would cost more than their writing)."""
    return len(parties) > 1 and sum(parties.values()) >= settings.FLUX_CAF_PARTIE_MIN * len(parties)
