"""Running an import of the RSA flow: one file, read by its reader, written by batches.

The reader is chosen by the import's format (``ImportFluxCAF.format``): the CNAF XML
(``inscription.flux.cnaf_xml``, VRSB0801 and VRSD0301: the whole file is scanned before anything is
written, so a truncated file writes nothing), a département's export (``inscription.flux.tableur``),
or the platform's historical CSV (``flux_caf``: each line checked, then turned into a household of
one member). Every reader gives households (``inscription.flux.modele``); ``inscription.ecriture_flux``
writes them set-based, ``TAILLE_LOT`` at a time, one transaction per batch: a failure loses at most
the batch being written, and running the import again is harmless (nothing that did not change is
written, so neither the rows nor their history move).

A bad line never stops the others (inscription/docs/format_flux_caf.md):
- what the reading finds (length of a line, encoding, CSV, columns, a household's XML) and what the
  checks find (values, each field's length against its column) rejects the line before the COPY;
- a batch the database refuses is written again by halves, each in a savepoint, until the
  guilty lines are alone: they are rejected with the database's reason, the others written.

A run that ends abnormally is an « échec » with its reason (an exception, the soft time
limit). A run whose worker died leaves no trace but its committed batches: each run holds a
PostgreSQL advisory lock for its session (released by the server when the worker's connection
dies), and ``balayer_imports`` re-drives a run that gave no news for
``FLUX_CAF_DELAI_SANS_NOUVELLES`` and holds no lock; the run resumes after the last committed
batch (``derniere_ligne``), and after ``FLUX_CAF_TENTATIVES_MAX`` runs the import is an échec.
"""

import datetime
import functools
import hashlib
import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from francetravail.base.verrous import Verrou, verrous_de_session
from francetravail.personnes.models import Personne
from francetravail.reseau.models import Commune
from inscription import ecriture_flux, flux_caf, import_xml
from inscription.enums import FormatFlux, StatutImport, TypeFlux
from inscription.flux import cnaf_xml, tableur
from inscription.flux.modele import FormatInvalide as FormatFluxInvalide
from inscription.flux.modele import FoyerLu, FoyerRejete
from inscription.flux_caf import FormatInvalide, en_foyer, examiner, lire, verifier
from inscription.lecture_anticipee import en_avance
from inscription.models import DossierInscription, DroitRSA, ImportFluxCAF, LigneRapport

logger = logging.getLogger(__name__)

TAILLE_LOT = 5_000


def empreinte(fichier):
    sha = hashlib.sha256()
    for morceau in iter(lambda: fichier.read(1 << 20), b""):
        sha.update(morceau)
    fichier.seek(0)
    return sha.hexdigest()


def executer(import_id, *, parties_au_worker=False):
    """Runs one import to its end; called by the Celery task (or the command with --sur-place).

    Returns the import (None if it no longer exists). Does nothing to an import another worker is
    running (its advisory lock is held) or that is over. Re-raises an unexpected exception once the
    import is marked « échec » with its reason.

    A CNAF XML file is scanned here, then its changed households are written in parts
    (``import_xml``): with ``parties_au_worker`` each part is a Celery task, sent once this run's
    lock is released (the parts hold it shared), and the last part to end ends the import.
    """
    parties = []
    with _verrou(import_id) as tenu:
        imp = ImportFluxCAF.objects.filter(pk=import_id).first()
        if imp is None or not tenu or imp.statut not in EN_VIE:
            return imp
        maximum = settings.FLUX_CAF_TENTATIVES_MAX
        if imp.tentatives >= maximum:
            return marquer_echec(
                imp.pk,
                f"Import abandonné après {imp.tentatives} tentatives interrompues (worker arrêté, durée "
                f"dépassée ou message perdu). {_REPRENDRE}",
            )
        try:
            parties = _executer(imp, parties_au_worker=parties_au_worker) or []
        except (FormatInvalide, FormatFluxInvalide) as exc:
            return marquer_echec(imp.pk, str(exc))
        except Exception as exc:
            marquer_echec(imp.pk, raison_interruption(exc))
            raise
    if parties:
        _envoyer_parties(import_id, parties)
    return ImportFluxCAF.objects.get(pk=import_id)


def _envoyer_parties(import_id, parties):
    from inscription.tasks import ecrire_partie_flux_caf  # cycle: inscription.tasks imports this module

    try:
        for partie in parties:
            ecrire_partie_flux_caf.delay(import_id, partie)
    except Exception:  # noqa: BLE001 — the broker is down: the sweep re-drives the import, which sends them again
        logger.warning("Import du flux CAF/MSA n° %s : parties non envoyées, le balayage les relancera", import_id)


EN_VIE = (StatutImport.EN_ATTENTE, StatutImport.EN_COURS)
_REPRENDRE = (
    "Les lignes déjà écrites le restent : importez de nouveau le même fichier pour terminer "
    "(les lignes déjà prises y seront « sans changement »)."
)


def _executer(imp, *, parties_au_worker=False):
    # EN_COURS already: an earlier run of this import was interrupted; resume after its last batch.
    reprise_apres = imp.derniere_ligne if imp.statut == StatutImport.EN_COURS else 0
    maintenant = timezone.now()
    depart = {"statut": StatutImport.EN_COURS, "tentatives": F("tentatives") + 1, "actif_le": maintenant}
    if not reprise_apres:
        depart |= {
            "debut": maintenant,
            "fin": None,
            "erreur": "",
            "nb_traitees": 0,
            "nb_creees": 0,
            "nb_mises_a_jour": 0,
            "nb_inchangees": 0,
            "nb_rejetees": 0,
            "nb_cloturees": 0,
            "nb_ignorees": 0,
            "derniere_ligne": 0,
        }
    # Conditional: the sweep may have given it up in the meantime.
    if not ImportFluxCAF.objects.filter(pk=imp.pk, statut__in=EN_VIE).update(**depart):
        return
    # The report's lines of the lines not yet written; the absent households of a stock (line 0) come again.
    LigneRapport.objects.filter(import_flux=imp, numero_ligne__gt=reprise_apres).delete()
    LigneRapport.objects.filter(import_flux=imp, numero_ligne=0).delete()
    ecriture_flux.commencer(imp)
    if imp.format in import_xml.FORMATS:
        return _executer_xml(imp, reprise_apres, parties_au_worker)
    with imp.fichier.open("rb") as fichier:
        if imp.format == FormatFlux.CSV_PLATEFORME:
            _executer_csv(imp, fichier, reprise_apres)
        else:
            entete, foyers = _lecteur(imp, fichier)
            _noter_entete(imp, entete)
            _parcourir_foyers(imp, entete, foyers, reprise_apres)
            ecriture_flux.traiter_absents_du_stock(imp, entete)
    ImportFluxCAF.objects.filter(pk=imp.pk).update(
        statut=StatutImport.TERMINE, fin=timezone.now(), actif_le=timezone.now()
    )


def _executer_xml(imp, reprise_apres, parties_au_worker):
    """The scan (unless a run interrupted after it), then the parts: returned to be sent to workers, or run here."""
    if not (reprise_apres and import_xml.scan_fait(imp)):
        import_xml.preparer(imp)
    parties = import_xml.parties_a_ecrire(imp)
    if parties_au_worker and import_xml.a_repartir(parties):
        return list(parties)
    for partie in parties:
        import_xml.ecrire_partie(imp.pk, partie)
    # Nothing to write at all (every household unchanged): no part ended it.
    import_xml.terminer_si_complet(imp)
    return []


def _lecteur(imp, fichier):
    """The file's header and households, by its format's reader: ``(EnteteFlux, iterator of FoyerLu |
    FoyerRejete)``. The XML reader scans the whole file before giving the first household: a truncated
    file raises FormatInvalide before any write. (Both XML schemas: the reader tells them apart.)"""
    if imp.format == FormatFlux.TABLEUR:
        return tableur.lire(
            fichier,
            imp.nom_fichier,
            imp.correspondance,
            aujourd_hui=timezone.localdate(),
            longueur_max=settings.FLUX_CAF_LONGUEUR_MAX_LIGNE,
        )
    return cnaf_xml.lire(fichier)


def _noter_entete(imp, entete):
    champs = {
        "type_flux": entete.type_flux,
        "date_flux": entete.cree_le,
        "date_reference": entete.date_reference,
        "encodage": entete.encodage[:12],
    }
    if entete.nb_foyers_annonces is not None:
        champs["nb_lignes"] = entete.nb_foyers_annonces
    ImportFluxCAF.objects.filter(pk=imp.pk).update(**champs)


def _executer_csv(imp, fichier, reprise_apres):
    longueur_max = settings.FLUX_CAF_LONGUEUR_MAX_LIGNE
    examen = examiner(fichier, longueur_max=longueur_max)
    ImportFluxCAF.objects.filter(pk=imp.pk).update(
        nb_lignes=examen.nb_lignes, encodage=examen.encodage, type_flux=TypeFlux.QUOTIDIEN
    )
    # Once the file is known readable: the communes weigh some 10 MB.
    communes = {code: frozenset(cps) for code, cps in Commune.objects.values_list("code_insee", "codes_postaux")}
    aujourd_hui = timezone.localdate()
    lecture = lire(fichier, encodage=examen.encodage, longueur_max=longueur_max)
    entete = flux_caf.entete(examen)
    _parcourir(imp, entete, lecture, communes, aujourd_hui, reprise_apres)


def marquer_echec(import_id, raison):
    """The import, still pending or running, becomes an « échec » with ``raison`` (French, no personal data)."""
    maintenant = timezone.now()
    champs = {"statut": StatutImport.ECHEC, "erreur": raison, "fin": maintenant, "actif_le": maintenant}
    try:
        ImportFluxCAF.objects.filter(pk=import_id, statut__in=EN_VIE).update(**champs)
    except DatabaseError:
        # The connection died with the run: try once on a new one; failing that, the sweep will see it.
        if connection.in_atomic_block:
            raise
        connection.close()
        ImportFluxCAF.objects.filter(pk=import_id, statut__in=EN_VIE).update(**champs)
    logger.warning("Import du flux CAF/MSA n° %s en échec : %s", import_id, raison)
    return ImportFluxCAF.objects.filter(pk=import_id).first()


def _duree(secondes):
    return f"{secondes // 60} min" if secondes >= 60 and not secondes % 60 else f"{secondes} s"


def raison_interruption(exc):
    """Why a run ended on ``exc``, in French, for the import's « erreur »."""
    if isinstance(exc, SoftTimeLimitExceeded):
        return f"Durée maximale de l'import dépassée ({_duree(settings.FLUX_CAF_DUREE_MAX)}). {_REPRENDRE}"
    if isinstance(exc, FileNotFoundError):
        return "Le fichier téléversé est introuvable dans le stockage : téléversez-le de nouveau."
    return f"Erreur inattendue pendant l'import ({type(exc).__name__}). {_REPRENDRE}"


# --- One run at a time, and which runs are alive -------------------------------------------------

# The first key of the advisory locks of imports ("CAF1"); the second is the import's id.
VERROU_IMPORT = 0x43414631


def _verrou(import_id):
    """The import's advisory lock for the session while the block runs (``with … as tenu``)."""
    return verrous_de_session(Verrou(VERROU_IMPORT, import_id))


def imports_en_execution():
    """The ids of the imports a live session is running (their advisory lock is held) in this database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2 "
            "AND classid = %s::int::oid "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            [VERROU_IMPORT],
        )
        return {ligne[0] for ligne in cursor.fetchall()}


def balayer_imports(maintenant=None):
    """Re-drives the imports pending or running that gave no news for ``FLUX_CAF_DELAI_SANS_NOUVELLES``
    and that no live session runs (their message was lost, or their worker died); gives up, as an
    « échec », those already run ``FLUX_CAF_TENTATIVES_MAX`` times. Returns the counts."""
    from inscription.tasks import importer_flux_caf  # cycle: inscription.tasks imports this module

    maintenant = maintenant or timezone.now()
    delai = settings.FLUX_CAF_DELAI_SANS_NOUVELLES
    limite = maintenant - datetime.timedelta(seconds=delai)
    resultat = {"relances": 0, "echecs": 0}
    en_souffrance = ImportFluxCAF.objects.filter(statut__in=EN_VIE, actif_le__lt=limite)
    vivants = imports_en_execution()
    for pk in en_souffrance.order_by("actif_le").values_list("pk", flat=True)[:100]:
        if pk in vivants:
            continue
        with transaction.atomic():
            imp = en_souffrance.select_for_update(of=("self",), no_key=True, skip_locked=True).filter(pk=pk).first()
            if imp is None:
                continue
            if imp.tentatives >= settings.FLUX_CAF_TENTATIVES_MAX:
                ImportFluxCAF.objects.filter(pk=pk).update(
                    statut=StatutImport.ECHEC,
                    fin=maintenant,
                    actif_le=maintenant,
                    erreur=f"Import abandonné : sans nouvelles du worker depuis plus de {_duree(delai)} après "
                    f"{imp.tentatives} tentatives (worker arrêté, durée dépassée ou message perdu). {_REPRENDRE}",
                )
                resultat["echecs"] += 1
                logger.warning("Import du flux CAF/MSA n° %s abandonné après %s tentatives", pk, imp.tentatives)
                continue
            # Its news are renewed, so the next sweep waits the whole delay for this message too.
            ImportFluxCAF.objects.filter(pk=pk).update(actif_le=maintenant)
            transaction.on_commit(lambda pk=pk: importer_flux_caf.delay(pk), robust=True)
            resultat["relances"] += 1
            logger.warning("Import du flux CAF/MSA n° %s sans nouvelles : relancé", pk)
    return resultat


# --- Reading by batches ------------------------------------------------------------------------

# Each column that goes to a column of limited length: checked before the COPY, so that the line is
# rejected with its reason instead of the database refusing the whole batch.
_COLONNES_BORNEES = {
    "numero_allocataire": (DroitRSA, "numero_allocataire"),
    "nir": (DossierInscription, "nir"),
    "nom_naissance": (Personne, "nom_naissance"),
    "nom_usage": (Personne, "nom_usage"),
    "prenoms": (Personne, "prenoms"),
    "adresse": (Personne, "adresse"),
    "telephone": (Personne, "telephone"),
    "email": (Personne, "email"),
}


@functools.cache
def longueurs_maximales():
    return {
        colonne: modele._meta.get_field(champ).max_length for colonne, (modele, champ) in _COLONNES_BORNEES.items()
    }


def _verifier_longueurs(ligne):
    for colonne, maximum in longueurs_maximales().items():
        if len(valeur := getattr(ligne, colonne)) > maximum:
            raise ValueError(f"champ {colonne} trop long ({len(valeur)} caractères, {maximum} au plus)")


class _Lot:
    __slots__ = ("derniere_ligne", "elements", "vus")

    def __init__(self):
        self.elements, self.vus, self.derniere_ligne = [], [], None

    def __len__(self):
        return len(self.elements)


def _lots(imp, lecture, communes, aujourd_hui, reprise_apres=0):
    """Yields the batches of ``TAILLE_LOT`` lines of the historical CSV (households of one member, and
    rejected lines).

    The lines up to ``reprise_apres`` were written by an interrupted run: they are still checked
    (a later line with the same NIR is a duplicate of theirs), not written again.
    """
    lot, vus = _Lot(), {}
    for lue in lecture:
        numero = lue.numero
        try:
            if lue.motif:
                raise ValueError(lue.motif)
            ligne = verifier(numero, lue.colonnes, communes, aujourd_hui)
            _verifier_longueurs(ligne)
            if ligne.nir in vus:
                raise ValueError(f"même NIR que la ligne {vus[ligne.nir]} du fichier")
            vus[ligne.nir] = numero
            if numero <= reprise_apres:
                continue
            lot.elements.append(en_foyer(ligne))
        except ValueError as exc:
            if numero <= reprise_apres:
                continue
            lot.elements.append(FoyerRejete(numero=numero, motif=str(exc), brut=lue.brut))
        lot.derniere_ligne = numero
        if len(lot) >= TAILLE_LOT:
            yield lot
            lot = _Lot()
    yield lot


def _lots_de_foyers(foyers, reprise_apres=0):
    """Batches of ``TAILLE_LOT`` households of a reader; those up to ``reprise_apres`` (written by an
    interrupted run) are only noted as listed (a monthly stock's absent households), not written again."""
    lot = _Lot()
    for element in foyers:
        if element.numero <= reprise_apres:
            if isinstance(element, FoyerLu):
                lot.vus.append(element)
        else:
            lot.elements.append(element)
            lot.derniere_ligne = element.numero
        if len(lot) + len(lot.vus) >= TAILLE_LOT:
            yield lot
            lot = _Lot()
    yield lot


def _parcourir(imp, entete, lecture, communes, aujourd_hui, reprise_apres=0):
    _ecrire_lots(imp, entete, en_avance(_lots(imp, lecture, communes, aujourd_hui, reprise_apres)))


def _parcourir_foyers(imp, entete, foyers, reprise_apres=0):
    _ecrire_lots(imp, entete, en_avance(_lots_de_foyers(foyers, reprise_apres)))


def _ecrire_lots(imp, entete, lots):
    premier_lot_ecrit = False
    for lot in lots:
        ecriture_flux.ecrire_lot(imp, entete, lot.elements, derniere_ligne=lot.derniere_ligne, vus=lot.vus)
        if not premier_lot_ecrit and lot.elements:
            _actualiser_statistiques()
            premier_lot_ecrit = True


def _actualiser_statistiques():
    """ANALYZE of the tables an import fills, once its first batch is written.

    On a young database (first import, a test) the planner still believes these tables
    empty and chooses plans that read them whole for every batch; from then on the
    statistics follow the tables (autovacuum), and this costs a few tens of milliseconds.
    Only these tables: an ANALYZE of the whole database would read every large table of
    production at each import.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE personnes_personne, inscription_dossierinscription, inscription_droitrsa, "
            "inscription_doublonpotentiel, inscription_foyerrsa"
        )
