"""Writing the CAF/MSA flow: set-based SQL by batches of lines.

The lines ``flux_caf.verifier`` accepts are copied (COPY) into a temporary table,
then a few statements match them to known people by NIR, update what changed,
register the unknown ones (canal flux CAF/MSA, catégorie G) and upsert their RSA
rights. Each batch is one transaction: a failure loses at most the batch being
written, and running the import again is harmless (nothing that did not change
is written, so neither the rows nor their history move).

A bad line never stops the others (inscription/docs/format_flux_caf.md):
- what the reading finds (length of a line, encoding, CSV, columns) and what the checks find
  (values, each field's length against its column) rejects the line before the COPY;
- a batch the database refuses is written again by halves, each in a savepoint, until the
  guilty lines are alone: they are rejected with the database's reason, the others written.

A run that ends abnormally is an « échec » with its reason (an exception, the soft time
limit). A run whose worker died leaves no trace but its committed batches: each run holds a
PostgreSQL advisory lock for its session (released by the server when the worker's connection
dies), and ``balayer_imports`` re-drives a run that gave no news for
``FLUX_CAF_DELAI_SANS_NOUVELLES`` and holds no lock; the run resumes after the last committed
batch (``derniere_ligne``), and after ``FLUX_CAF_TENTATIVES_MAX`` runs the import is an échec.
"""

import contextlib
import datetime
import functools
import hashlib
import logging

import pghistory
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError, DataError, IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from francetravail.personnes.models import Personne
from francetravail.reseau.models import Commune
from inscription import doublons
from inscription.enums import Canal, Categorie, StatutImport, StatutInscription
from inscription.flux_caf import FormatInvalide, examiner, lire, verifier
from inscription.lecture_anticipee import en_avance
from inscription.models import DossierInscription, DroitRSA, ImportFluxCAF, LigneRapport
from inscription.signals import inscriptions_enregistrees

logger = logging.getLogger(__name__)

TAILLE_LOT = 5_000

_STAGING = """
CREATE TEMP TABLE IF NOT EXISTS inscription_flux_caf_lot (
    numero_ligne integer, numero_allocataire text, organisme_payeur text, role text, nir text,
    nom_naissance text, nom_usage text, prenoms text, date_naissance date, adresse text,
    code_postal text, code_insee text, telephone text, email text, nb_personnes_foyer smallint, nb_enfants smallint,
    date_ouverture_droit date, personne_id bigint, nouveau boolean NOT NULL DEFAULT false
) ON COMMIT DELETE ROWS
"""
_COLONNES_LOT = (
    "numero_ligne",
    "numero_allocataire",
    "organisme_payeur",
    "role",
    "nir",
    "nom_naissance",
    "nom_usage",
    "prenoms",
    "date_naissance",
    "adresse",
    "code_postal",
    "code_insee",
    "telephone",
    "email",
    "nb_personnes_foyer",
    "nb_enfants",
    "date_ouverture_droit",
)

# Each line finds its person by the NIR (an index lookup per line), or gets a new id.
_RETROUVER = """
UPDATE inscription_flux_caf_lot l SET (personne_id, nouveau) = (
    SELECT coalesce(connu.id, nextval(pg_get_serial_sequence('personnes_personne', 'id'))), connu.id IS NULL
    FROM (SELECT (SELECT d.personne_id FROM inscription_dossierinscription d WHERE d.nir = l.nir) AS id) connu
)
"""
# The flow is the source for identity and address; contact details are only filled
# in when missing (the person may have changed them in their space).
_METTRE_A_JOUR = """
UPDATE personnes_personne p SET
    nom_naissance = l.nom_naissance, nom_usage = l.nom_usage, prenoms = l.prenoms,
    date_naissance = l.date_naissance, adresse = l.adresse, code_postal = l.code_postal,
    commune_id = l.code_insee, departement_id = c.departement_id,
    telephone = CASE WHEN p.telephone = '' THEN l.telephone ELSE p.telephone END,
    email = CASE WHEN p.email = '' THEN l.email ELSE p.email END,
    updated_at = now()
FROM inscription_flux_caf_lot l JOIN reseau_commune c ON c.code_insee = l.code_insee
WHERE p.id = l.personne_id AND NOT l.nouveau AND (
    (p.nom_naissance, p.nom_usage, p.prenoms, p.date_naissance, p.adresse, p.code_postal, p.commune_id)
        IS DISTINCT FROM
    (l.nom_naissance, l.nom_usage, l.prenoms, l.date_naissance, l.adresse, l.code_postal, l.code_insee)
    OR (p.telephone = '' AND l.telephone <> '')
    OR (p.email = '' AND l.email <> '')
)
RETURNING p.id
"""
_INSCRIRE_PERSONNES = """
INSERT INTO personnes_personne (
    id, nom_naissance, nom_usage, prenoms, date_naissance, email, telephone, adresse, code_postal,
    commune_id, departement_id, created_at, updated_at
)
SELECT l.personne_id, l.nom_naissance, l.nom_usage, l.prenoms, l.date_naissance, l.email, l.telephone,
       l.adresse, l.code_postal, l.code_insee, c.departement_id, now(), now()
FROM inscription_flux_caf_lot l JOIN reseau_commune c ON c.code_insee = l.code_insee
WHERE l.nouveau
"""
_DOSSIER_FOURNI = {
    "personne": "personne_id",
    "nir": "nir",
    "canal": f"'{Canal.FLUX_CAF_MSA}'",
    "statut": f"'{StatutInscription.INSCRIT}'",
    "categorie": f"'{Categorie.G}'",
    "inscrit_le": "now()",
    "created_at": "now()",
    "updated_at": "now()",
}


@functools.cache
def _sql_inscrire_dossiers():
    """The INSERT of the new registration records: the columns the flow does not fill
    get the model's defaults, so that a field added to the model needs no change here."""
    colonnes, valeurs, parametres = [], [], []
    for champ in DossierInscription._meta.concrete_fields:
        if champ.primary_key:
            continue
        colonnes.append(connection.ops.quote_name(champ.column))
        if champ.name in _DOSSIER_FOURNI:
            valeurs.append(_DOSSIER_FOURNI[champ.name])
        else:
            valeurs.append("%s")
            parametres.append(champ.get_db_prep_save(champ.get_default(), connection))
    sql = (
        f"INSERT INTO {DossierInscription._meta.db_table} ({', '.join(colonnes)}) "  # noqa: S608 — model metadata
        f"SELECT {', '.join(valeurs)} FROM inscription_flux_caf_lot WHERE nouveau"
    )
    return sql, tuple(parametres)


# A known person without a category yet (registration not finished) awaits orientation too.
_CATEGORISER_CONNUS = f"""
UPDATE inscription_dossierinscription d
SET categorie = '{Categorie.G}', statut = '{StatutInscription.INSCRIT}', inscrit_le = coalesce(d.inscrit_le, now()),
    updated_at = now()
FROM inscription_flux_caf_lot l
WHERE d.personne_id = l.personne_id AND NOT l.nouveau AND d.categorie = ''
RETURNING d.personne_id
"""  # noqa: S608 — constants of this module, no input
_DROITS = """
INSERT INTO inscription_droitrsa (
    personne_id, organisme_payeur, numero_allocataire, role, date_ouverture,
    nb_personnes_foyer, nb_enfants, import_source_id, updated_at
)
SELECT personne_id, organisme_payeur, numero_allocataire, role, date_ouverture_droit,
       nb_personnes_foyer, nb_enfants, %s, now()
FROM inscription_flux_caf_lot
ON CONFLICT (organisme_payeur, numero_allocataire, personne_id) DO UPDATE SET
    role = EXCLUDED.role, date_ouverture = EXCLUDED.date_ouverture,
    nb_personnes_foyer = EXCLUDED.nb_personnes_foyer, nb_enfants = EXCLUDED.nb_enfants,
    import_source_id = EXCLUDED.import_source_id, updated_at = now()
WHERE (inscription_droitrsa.role, inscription_droitrsa.date_ouverture,
       inscription_droitrsa.nb_personnes_foyer, inscription_droitrsa.nb_enfants)
    IS DISTINCT FROM (EXCLUDED.role, EXCLUDED.date_ouverture, EXCLUDED.nb_personnes_foyer, EXCLUDED.nb_enfants)
RETURNING personne_id
"""
_NOUVEAUX = "SELECT personne_id FROM inscription_flux_caf_lot WHERE nouveau"


def empreinte(fichier):
    sha = hashlib.sha256()
    for morceau in iter(lambda: fichier.read(1 << 20), b""):
        sha.update(morceau)
    fichier.seek(0)
    return sha.hexdigest()


def executer(import_id):
    """Runs one import to its end; called by the Celery task (or the command with --sur-place).

    Returns the import (None if it no longer exists). Does nothing to an import another worker is
    running (its advisory lock is held) or that is over. Re-raises an unexpected exception once the
    import is marked « échec » with its reason.
    """
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
            _executer(imp)
        except FormatInvalide as exc:
            return marquer_echec(imp.pk, str(exc))
        except Exception as exc:
            marquer_echec(imp.pk, raison_interruption(exc))
            raise
    return ImportFluxCAF.objects.get(pk=import_id)


EN_VIE = (StatutImport.EN_ATTENTE, StatutImport.EN_COURS)
_REPRENDRE = (
    "Les lignes déjà écrites le restent : importez de nouveau le même fichier pour terminer "
    "(les lignes déjà prises y seront « sans changement »)."
)


def _executer(imp):
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
            "derniere_ligne": 0,
        }
    # Conditional: the sweep may have given it up in the meantime.
    if not ImportFluxCAF.objects.filter(pk=imp.pk, statut__in=EN_VIE).update(**depart):
        return
    LigneRapport.objects.filter(import_flux=imp, numero_ligne__gt=reprise_apres).delete()
    longueur_max = settings.FLUX_CAF_LONGUEUR_MAX_LIGNE
    with imp.fichier.open("rb") as fichier:
        examen = examiner(fichier, longueur_max=longueur_max)
        ImportFluxCAF.objects.filter(pk=imp.pk).update(nb_lignes=examen.nb_lignes, encodage=examen.encodage)
        # Once the file is known readable: the communes weigh some 10 MB.
        communes = {code: frozenset(cps) for code, cps in Commune.objects.values_list("code_insee", "codes_postaux")}
        aujourd_hui = timezone.localdate()
        lecture = lire(fichier, encodage=examen.encodage, longueur_max=longueur_max)
        _parcourir(imp, lecture, communes, aujourd_hui, reprise_apres)
    ImportFluxCAF.objects.filter(pk=imp.pk).update(
        statut=StatutImport.TERMINE, fin=timezone.now(), actif_le=timezone.now()
    )


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


@contextlib.contextmanager
def _verrou(import_id):
    """Holds the import's advisory lock for the session while the block runs; yields whether it got it.

    Session-level on purpose: it outlives each batch's transaction, and PostgreSQL releases it
    when the worker's connection ends, however the worker died.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s::int, %s::int)", [VERROU_IMPORT, import_id])
        tenu = cursor.fetchone()[0]
    try:
        yield tenu
    finally:
        if tenu:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s::int, %s::int)", [VERROU_IMPORT, import_id])
            except DatabaseError:
                if not connection.in_atomic_block:
                    connection.close()  # the lock goes with the session


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
    __slots__ = ("bruts", "derniere_ligne", "lignes", "rejets")

    def __init__(self):
        self.lignes, self.rejets, self.bruts, self.derniere_ligne = [], [], {}, None

    def __len__(self):
        return len(self.lignes) + len(self.rejets)


def _rejet(imp, numero, motif, brut):
    return LigneRapport(import_flux=imp, numero_ligne=numero, motif=motif, contenu=brut[:2000])


def _lots(imp, lecture, communes, aujourd_hui, reprise_apres=0):
    """Yields the batches of ``TAILLE_LOT`` lines of the file (accepted and rejected).

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
            lot.lignes.append(ligne)
            lot.bruts[numero] = lue.brut
        except ValueError as exc:
            if numero <= reprise_apres:
                continue
            lot.rejets.append(_rejet(imp, numero, str(exc), lue.brut))
        lot.derniere_ligne = numero
        if len(lot) >= TAILLE_LOT:
            yield lot
            lot = _Lot()
    yield lot


def _parcourir(imp, lecture, communes, aujourd_hui, reprise_apres=0):
    premier_lot_ecrit = False
    for lot in en_avance(_lots(imp, lecture, communes, aujourd_hui, reprise_apres)):
        ecrire_lot(imp, lot.lignes, lot.rejets, bruts=lot.bruts, derniere_ligne=lot.derniere_ligne)
        if not premier_lot_ecrit:
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
            "inscription_doublonpotentiel"
        )


# --- Writing a batch ---------------------------------------------------------------------------


def ecrire_lot(imp, lignes, rejets, *, bruts=None, derniere_ligne=None):
    """One transaction: the accepted lines written, the rejected ones reported, the counts moved on.

    ``bruts`` (line number -> text) is what the report shows of a line the database refuses;
    ``derniere_ligne``, the last line of the file this batch covers, is where a resumed run starts.
    """
    rejets = list(rejets)
    lues = len(lignes) + len(rejets)
    with transaction.atomic(), pghistory.context(import_flux_caf=imp.pk):
        nouveaux, modifiees = set(), set()
        if lignes:
            nouveaux, modifiees = _ecrire_en_isolant(imp, lignes, bruts or {}, rejets)
        LigneRapport.objects.bulk_create(rejets)
        ecrites = lues - len(rejets)
        champs = {
            "nb_traitees": F("nb_traitees") + lues,
            "nb_creees": F("nb_creees") + len(nouveaux),
            "nb_mises_a_jour": F("nb_mises_a_jour") + len(modifiees),
            "nb_inchangees": F("nb_inchangees") + ecrites - len(nouveaux) - len(modifiees),
            "nb_rejetees": F("nb_rejetees") + len(rejets),
            "actif_le": timezone.now(),
        }
        if derniere_ligne is not None:
            champs["derniere_ligne"] = derniere_ligne
        ImportFluxCAF.objects.filter(pk=imp.pk).update(**champs)


def _ecrire_en_isolant(imp, lignes, bruts, rejets):
    """Writes ``lignes`` in a savepoint; if the database refuses them, writes each half the same way,
    down to the guilty lines alone, which join ``rejets`` with the database's reason.

    Returns (ids of the people created, ids of the people changed). Only what a line's values can
    cause (``DataError``, ``IntegrityError``) is a line's fault; a lost connection or a bug stops the
    run. A batch with one bad line costs about 2 × log2(batch) more attempts, each a few statements.
    """
    try:
        with transaction.atomic():
            return _ecrire(imp, lignes)
    except (DataError, IntegrityError) as exc:
        if len(lignes) == 1:
            numero = lignes[0].numero_ligne
            motif = motif_base(exc)
            # The reason only: the database's detail would put the line's values (a NIR) in the logs.
            logger.warning("Import du flux CAF/MSA n° %s : ligne %s refusée par la base (%s)", imp.pk, numero, motif)
            rejets.append(_rejet(imp, numero, motif, bruts.get(numero, "")))
            return set(), set()
        milieu = len(lignes) // 2
        nouveaux, modifiees = _ecrire_en_isolant(imp, lignes[:milieu], bruts, rejets)
        autres_nouveaux, autres_modifiees = _ecrire_en_isolant(imp, lignes[milieu:], bruts, rejets)
        return nouveaux | autres_nouveaux, modifiees | autres_modifiees


_MOTIFS_BASE = {
    "22001": "valeur trop longue pour sa colonne",
    "22003": "nombre hors des limites de sa colonne",
    "22021": "caractère impossible à enregistrer",
    "22P05": "caractère impossible à enregistrer",
    "23502": "valeur obligatoire manquante (colonne {colonne})",
    "23503": "référence inconnue (règle « {contrainte} »)",
    "23505": "donnée déjà enregistrée ailleurs (unicité « {contrainte} »)",
    "23514": "règle « {contrainte} » non respectée",
    "23P01": "conflit avec une période déjà enregistrée (règle « {contrainte} »)",
}


def motif_base(exc):
    """The French reason of a database refusal, without the values the database quotes."""
    cause = exc.__cause__
    code = getattr(cause, "sqlstate", None)
    diag = getattr(cause, "diag", None)
    gabarit = _MOTIFS_BASE.get(code)
    if gabarit is None:
        return f"refusée par la base de données (code {code or type(exc).__name__})"
    motif = gabarit.format(
        contrainte=getattr(diag, "constraint_name", None) or "?", colonne=getattr(diag, "column_name", None) or "?"
    )
    return f"refusée par la base de données : {motif}"


def _ecrire(imp, lignes):
    """The set-based writing of ``lignes``: returns (ids of the people created, ids of the people changed)."""
    modifiees = set()
    with connection.cursor() as cursor:
        cursor.execute(_STAGING)
        # ON COMMIT empties it, but a batch may run inside an outer transaction.
        cursor.execute("TRUNCATE inscription_flux_caf_lot")
        colonnes = ", ".join(_COLONNES_LOT)
        with cursor.copy(f"COPY inscription_flux_caf_lot ({colonnes}) FROM STDIN") as copie:
            for ligne in lignes:
                copie.write_row(tuple(getattr(ligne, nom) for nom in _COLONNES_LOT))
        cursor.execute(_RETROUVER)
        cursor.execute(_NOUVEAUX)
        nouveaux = {r[0] for r in cursor.fetchall()}
        if len(nouveaux) < len(lignes):  # some people were known already
            cursor.execute(_METTRE_A_JOUR)
            modifiees.update(r[0] for r in cursor.fetchall())
            cursor.execute(_CATEGORISER_CONNUS)
            modifiees.update(r[0] for r in cursor.fetchall())
        cursor.execute(_INSCRIRE_PERSONNES)
        cursor.execute(*_sql_inscrire_dossiers())
        cursor.execute(_DROITS, [imp.pk])
        modifiees.update(r[0] for r in cursor.fetchall() if r[0] not in nouveaux)
    doublons.signaler(nouveaux | modifiees)
    inscriptions_enregistrees.send(sender=ImportFluxCAF, personne_ids=nouveaux | modifiees)
    return nouveaux, modifiees
