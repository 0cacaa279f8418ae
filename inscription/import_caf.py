"""Writing the CAF/MSA flow: set-based SQL by batches of lines.

The lines ``flux_caf.verifier`` accepts are copied (COPY) into a temporary table,
then a few statements match them to known people by NIR, update what changed,
register the unknown ones (canal flux CAF/MSA, catégorie G) and upsert their RSA
rights. Each batch is one transaction: a failure loses at most the batch being
written, and running the import again is harmless (nothing that did not change
is written, so neither the rows nor their history move).
"""

import functools
import hashlib
import logging

import pghistory
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from francetravail.reseau.models import Commune
from inscription import doublons
from inscription.enums import Canal, Categorie, StatutImport, StatutInscription
from inscription.flux_caf import FormatInvalide, lire, verifier
from inscription.lecture_anticipee import en_avance
from inscription.models import DossierInscription, ImportFluxCAF, LigneRejetee
from inscription.signals import inscriptions_enregistrees

logger = logging.getLogger(__name__)

TAILLE_LOT = 5_000

_STAGING = """
CREATE TEMP TABLE IF NOT EXISTS inscription_flux_caf_lot (
    numero_ligne integer, numero_allocataire text, organisme_payeur text, role text, nir text,
    nom_naissance text, nom_usage text, prenoms text, date_naissance date, adresse text,
    code_insee text, telephone text, email text, nb_personnes_foyer smallint, nb_enfants smallint,
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
    date_naissance = l.date_naissance, adresse = l.adresse,
    commune_id = l.code_insee, departement_id = c.departement_id,
    telephone = CASE WHEN p.telephone = '' THEN l.telephone ELSE p.telephone END,
    email = CASE WHEN p.email = '' THEN l.email ELSE p.email END,
    updated_at = now()
FROM inscription_flux_caf_lot l JOIN reseau_commune c ON c.code_insee = l.code_insee
WHERE p.id = l.personne_id AND NOT l.nouveau AND (
    (p.nom_naissance, p.nom_usage, p.prenoms, p.date_naissance, p.adresse, p.commune_id)
        IS DISTINCT FROM (l.nom_naissance, l.nom_usage, l.prenoms, l.date_naissance, l.adresse, l.code_insee)
    OR (p.telephone = '' AND l.telephone <> '')
    OR (p.email = '' AND l.email <> '')
)
RETURNING p.id
"""
_INSCRIRE_PERSONNES = """
INSERT INTO personnes_personne (
    id, nom_naissance, nom_usage, prenoms, date_naissance, email, telephone, adresse,
    commune_id, departement_id, created_at, updated_at
)
SELECT l.personne_id, l.nom_naissance, l.nom_usage, l.prenoms, l.date_naissance, l.email, l.telephone,
       l.adresse, l.code_insee, c.departement_id, now(), now()
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
    """Runs one import to its end; called by the Celery task (or the command with --sur-place)."""
    imp = ImportFluxCAF.objects.get(pk=import_id)
    if imp.statut not in (StatutImport.EN_ATTENTE, StatutImport.EN_COURS):
        return imp
    communes = {code: frozenset(cps) for code, cps in Commune.objects.values_list("code_insee", "codes_postaux")}
    aujourd_hui = timezone.localdate()
    with imp.fichier.open("rb") as fichier:
        nb_lignes = max(sum(morceau.count(b"\n") for morceau in iter(lambda: fichier.read(1 << 20), b"")) - 1, 0)
        fichier.seek(0)
        ImportFluxCAF.objects.filter(pk=imp.pk).update(
            statut=StatutImport.EN_COURS,
            debut=timezone.now(),
            nb_lignes=nb_lignes,
            nb_traitees=0,
            nb_creees=0,
            nb_mises_a_jour=0,
            nb_inchangees=0,
            nb_rejetees=0,
            erreur="",
        )
        LigneRejetee.objects.filter(import_flux=imp).delete()
        try:
            _parcourir(imp, fichier, communes, aujourd_hui)
        except FormatInvalide as exc:
            ImportFluxCAF.objects.filter(pk=imp.pk).update(
                statut=StatutImport.ECHEC, erreur=str(exc), fin=timezone.now()
            )
            return ImportFluxCAF.objects.get(pk=imp.pk)
    ImportFluxCAF.objects.filter(pk=imp.pk).update(statut=StatutImport.TERMINE, fin=timezone.now())
    return ImportFluxCAF.objects.get(pk=imp.pk)


def _lots(imp, fichier, communes, aujourd_hui):
    """Yields (accepted lines, rejected lines) by batches of ``TAILLE_LOT`` lines of the file."""
    lot, rejets, vus = [], [], {}
    for numero, brut, colonnes in lire(fichier):
        try:
            ligne = verifier(numero, colonnes, communes, aujourd_hui)
            if ligne.nir in vus:
                raise ValueError(f"même NIR que la ligne {vus[ligne.nir]} du fichier")
            vus[ligne.nir] = numero
            lot.append(ligne)
        except ValueError as exc:
            rejets.append(LigneRejetee(import_flux=imp, numero_ligne=numero, motif=str(exc), contenu=brut[:2000]))
        if len(lot) + len(rejets) >= TAILLE_LOT:
            yield lot, rejets
            lot, rejets = [], []
    yield lot, rejets


def _parcourir(imp, fichier, communes, aujourd_hui):
    premier_lot_ecrit = False
    for lot, rejets in en_avance(_lots(imp, fichier, communes, aujourd_hui)):
        ecrire_lot(imp, lot, rejets)
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


def ecrire_lot(imp, lignes, rejets):
    """One transaction: the accepted lines written, the rejected ones reported, the counts moved on."""
    with transaction.atomic(), pghistory.context(import_flux_caf=imp.pk):
        LigneRejetee.objects.bulk_create(rejets)
        creees, modifiees = 0, set()
        if lignes:
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
                creees = len(nouveaux)
                if creees < len(lignes):  # some people were known already
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
        ImportFluxCAF.objects.filter(pk=imp.pk).update(
            nb_traitees=F("nb_traitees") + len(lignes) + len(rejets),
            nb_creees=F("nb_creees") + creees,
            nb_mises_a_jour=F("nb_mises_a_jour") + len(modifiees),
            nb_inchangees=F("nb_inchangees") + len(lignes) - creees - len(modifiees),
            nb_rejetees=F("nb_rejetees") + len(rejets),
        )
