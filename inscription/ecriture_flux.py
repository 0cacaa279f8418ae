"""Writing the RSA flow: each household read (``inscription.flux.modele.FoyerLu``) applied to the platform.

Whatever the reader (CNAF XML, a département's export, the platform's historical CSV), a batch of
households is written set-based: the households and their members are copied (COPY) into two
temporary tables, then a fixed number of statements per batch:

1. each household finds its ``FoyerRSA``; a household whose stored ``date_flux`` is newer than this
   file's creation is « ignorée » (order safety: an older file never overwrites newer data), one
   whose content hash (``empreinte``) did not move is « sans changement » with no write;
2. the others are upserted on ``FoyerRSA`` (state, reasons, dates, composition, hashes, file date);
3. each member finds its person by NIR (the XML gives 13 characters: the key is computed to compare
   with the 15 stored), else by allocataire number + role + birth date + names; an unknown member is
   created only when they should enter (soumis aux droits et devoirs, right open): registered (canal
   flux, catégorie G) and oriented (``inscriptions_enregistrees``); a conjoint not subject (flag 0 or
   missing) of an open right is created and linked to the household (``DroitRSA``) without a
   registration file, hence never in the lists of people to orient;
4. ``DroitRSA`` per member (household, flag, departure, composition);
5. the people whose right moved (state, département, composition, membership) are handed to
   ``vie_du_droit.appliquer`` in the same transaction, which draws the consequences.

An unknown state code (``ETATDOSRSA``) is stored on the household as received and nothing is
derived from it: its line is « ignorée ». Every row written carries the pghistory context
``import_flux_caf`` (the import's id) and ``fichier`` (its name): the history says which file did it.

The batch's transaction is the unit: a batch the database refuses is written again by halves, each
in a savepoint, down to the guilty households alone, rejected with the database's reason.
"""

import datetime
import functools
import logging
from dataclasses import dataclass, field

import pghistory
import psycopg
from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from stdnum.fr import nir as stdnum_nir

from francetravail.personnes.models import Personne
from inscription import doublons, vie_du_droit
from inscription.enums import (
    ETATS_CLOS,
    ETATS_OUVERTS,
    AbsentsDuStock,
    Canal,
    Categorie,
    EtatDroitRSA,
    ResultatLigne,
    RoleFoyer,
    StatutInscription,
)
from inscription.flux.modele import STOCK_MENSUEL, FoyerLu, FoyerRejete, empreinte_foyer
from inscription.models import (
    DossierInscription,
    DroitRSA,
    FoyerRSA,
    ImportFluxCAF,
    LigneRapport,
    ReglagesFluxDepartement,
)
from inscription.signals import inscriptions_enregistrees

logger = logging.getLogger(__name__)

ETATS_CONNUS = frozenset(EtatDroitRSA.values)
# Our own closure code (FoyerRSA.motif_cloture holds 10 characters): a monthly stock no longer lists
# the household and the département chose to close it (ReglagesFluxDepartement, AbsentsDuStock.CLORE).
MOTIF_ABSENT_DU_STOCK = "ABSSTOCK"
LIBELLE_ABSENT_DU_STOCK = "absent du stock mensuel"
_LIBELLES_ROLE = {RoleFoyer.DEMANDEUR: "demandeur", RoleFoyer.CONJOINT: "conjoint"}


def nir_complet(nir):
    """The NIR as stored (15 characters, with its key) from what a file gives: 13 characters (XML,
    no key: the key is computed, 2A/2B read as 19/18) or 15; None when absent or malformed."""
    nir = (nir or "").replace(" ", "").upper()
    if len(nir) == 13:
        try:
            return nir + stdnum_nir.calc_check_digits(nir)
        except ValueError:
            return None
    return nir if len(nir) == 15 else None


# Each text a household or a member carries to a column of limited length: checked before the COPY, so
# that the household is rejected with the field named instead of the database refusing its batch.
_BORNES_FOYER = (
    ("organisme", FoyerRSA, "organisme_payeur"),
    ("numero_allocataire", FoyerRSA, "numero_allocataire"),
    ("etat", FoyerRSA, "etat"),
    ("motif_suspension", FoyerRSA, "motif_suspension"),
    ("motif_cloture", FoyerRSA, "motif_cloture"),
    ("motif_refus", FoyerRSA, "motif_refus"),
    ("numero_demande", FoyerRSA, "numero_demande"),
    ("situation_famille", FoyerRSA, "situation_famille"),
    ("adresse", Personne, "adresse"),
    ("code_postal", Personne, "code_postal"),
)
_BORNES_MEMBRE = (
    ("nom_naissance", Personne, "nom_naissance"),
    ("nom_usage", Personne, "nom_usage"),
    ("prenoms", Personne, "prenoms"),
    ("telephone", Personne, "telephone"),
    ("email", Personne, "email"),
)


@functools.cache
def _bornes():
    def longueurs(bornes):
        return tuple((nom, modele._meta.get_field(champ).max_length) for nom, modele, champ in bornes)

    return longueurs(_BORNES_FOYER), longueurs(_BORNES_MEMBRE)


def champ_trop_long(foyer):
    """Why ``foyer`` cannot be written as it is (a field longer than its column), or ""."""
    bornes_foyer, bornes_membre = _bornes()
    for objet, bornes in ((foyer, bornes_foyer), *((m, bornes_membre) for m in foyer.membres)):
        for nom, maximum in bornes:
            if len(valeur := getattr(objet, nom) or "") > maximum:
                return f"champ {nom} trop long ({len(valeur)} caractères, {maximum} au plus)"
    return ""


def _jour(entete):
    return timezone.localdate(entete.cree_le) if entete.cree_le else timezone.localdate()


def _date_fr(valeur):
    if valeur is None:
        return "?"
    if isinstance(valeur, datetime.datetime):
        valeur = timezone.localdate(valeur)
    return f"{valeur:%d/%m/%Y}"


# --- Staging ---------------------------------------------------------------------------------------

_STAGING = (
    """
CREATE TEMP TABLE IF NOT EXISTS flux_foyer_lot (
    numero integer, organisme text, numero_allocataire text, departement text, etat text,
    motif_suspension text, date_suspension date, motif_cloture text, date_cloture date, motif_refus text,
    date_demande date, numero_demande text, date_ouverture date, situation_famille text,
    nb_personnes smallint, nb_enfants smallint, majoration_isolement boolean, sans_domicile_fixe boolean,
    adresse text, code_postal text, code_insee text, empreinte text, empreinte_brute text,
    etat_connu boolean, nb_membres smallint, etat_depuis date,
    foyer_id bigint, existait boolean NOT NULL DEFAULT false, etat_avant text NOT NULL DEFAULT '',
    departement_avant text NOT NULL DEFAULT '', nb_personnes_avant smallint, nb_enfants_avant smallint,
    majoration_avant boolean, date_flux_avant timestamptz, empreinte_avant text,
    dernier boolean NOT NULL DEFAULT false, sort text NOT NULL DEFAULT '', departement_apres text,
    absent boolean NOT NULL DEFAULT false
) ON COMMIT DELETE ROWS
""",
    """
CREATE TEMP TABLE IF NOT EXISTS flux_membre_lot (
    numero integer, organisme text, numero_allocataire text, role text, nir text, nom_naissance text,
    nom_usage text, prenoms text,
    date_naissance date, telephone text, email text, soumis boolean, date_sortie date,
    cree_si_inconnu boolean, entre boolean,
    personne_id bigint, nouveau boolean NOT NULL DEFAULT false, dossier boolean NOT NULL DEFAULT false,
    droit_existait boolean NOT NULL DEFAULT false, soumis_avant boolean, sorti_avant date, foyer_avant bigint,
    departement_avant text
) ON COMMIT DELETE ROWS
""",
    # The households a monthly stock listed, for the whole run (its absent ones are found at the end).
    """
CREATE TEMP TABLE IF NOT EXISTS flux_foyers_vus (organisme text, numero_allocataire text, departement text)
""",
)
_COLONNES_FOYER = (
    "numero",
    "organisme",
    "numero_allocataire",
    "departement",
    "etat",
    "motif_suspension",
    "date_suspension",
    "motif_cloture",
    "date_cloture",
    "motif_refus",
    "date_demande",
    "numero_demande",
    "date_ouverture",
    "situation_famille",
    "nb_personnes",
    "nb_enfants",
    "majoration_isolement",
    "sans_domicile_fixe",
    "adresse",
    "code_postal",
    "code_insee",
    "empreinte",
    "empreinte_brute",
    "etat_connu",
    "nb_membres",
    "etat_depuis",
    "dernier",
)
_COLONNES_MEMBRE = (
    "numero",
    "organisme",
    "numero_allocataire",
    "role",
    "nir",
    "nom_naissance",
    "nom_usage",
    "prenoms",
    "date_naissance",
    "telephone",
    "email",
    "soumis",
    "date_sortie",
    "cree_si_inconnu",
    "entre",
)

# Each household finds its stored one, with what the report and the changes compare.
_RETROUVER_FOYERS = """
UPDATE flux_foyer_lot l SET foyer_id = f.id, existait = true, etat_avant = f.etat,
    departement_avant = coalesce(f.departement_id, ''), nb_personnes_avant = f.nb_personnes,
    nb_enfants_avant = f.nb_enfants, majoration_avant = f.majoration_isolement,
    date_flux_avant = f.date_flux, empreinte_avant = f.empreinte, absent = f.absent_du_stock_le IS NOT NULL
FROM inscription_foyerrsa f
WHERE f.organisme_payeur = l.organisme AND f.numero_allocataire = l.numero_allocataire
"""
_TRIER = """
UPDATE flux_foyer_lot SET sort = CASE
    WHEN %(cree_le)s::timestamptz IS NOT NULL AND date_flux_avant > %(cree_le)s::timestamptz THEN 'ordre'
    WHEN empreinte_avant = empreinte AND NOT absent THEN 'inchangee' ELSE '' END
WHERE existait
RETURNING numero, sort, date_flux_avant
"""
_ECARTER_MEMBRES = """
DELETE FROM flux_membre_lot m USING flux_foyer_lot l
WHERE m.numero = l.numero AND (l.sort <> '' OR NOT l.etat_connu)
"""
# The household's département: the file's, else (historical CSV) the commune's.
_DEPARTEMENTS = """
UPDATE flux_foyer_lot l SET departement_apres = x.departement
FROM (
    SELECT l2.numero, coalesce(d.code, c.departement_id, nullif(l2.departement_avant, '')) AS departement
    FROM flux_foyer_lot l2
    LEFT JOIN reseau_departement d ON d.code = l2.departement
    LEFT JOIN reseau_commune c ON c.code_insee = l2.code_insee
    WHERE l2.sort = ''
) x
WHERE x.numero = l.numero
"""
_CONTENU_FOYER = (
    "departement_id",
    "etat",
    "motif_suspension",
    "date_suspension",
    "motif_cloture",
    "date_cloture",
    "motif_refus",
    "date_demande",
    "numero_demande",
    "date_ouverture",
    "situation_famille",
    "nb_personnes",
    "nb_enfants",
    "majoration_isolement",
    "sans_domicile_fixe",
    "absent_du_stock_le",
    "empreinte",
)
_ECRIRE_FOYERS = f"""
INSERT INTO inscription_foyerrsa AS f (
    organisme_payeur, numero_allocataire, departement_id, etat, etat_depuis, motif_suspension, date_suspension,
    motif_cloture, date_cloture, motif_refus, date_demande, numero_demande, date_ouverture, situation_famille,
    nb_personnes, nb_enfants, majoration_isolement, sans_domicile_fixe, absent_du_stock_le, empreinte,
    empreinte_brute, date_flux, import_source_id, cree_le, updated_at
)
SELECT l.organisme, l.numero_allocataire, l.departement_apres, l.etat, l.etat_depuis, l.motif_suspension,
       l.date_suspension, l.motif_cloture, l.date_cloture, l.motif_refus, l.date_demande, l.numero_demande,
       l.date_ouverture, l.situation_famille, l.nb_personnes, l.nb_enfants, l.majoration_isolement,
       l.sans_domicile_fixe, NULL, l.empreinte, l.empreinte_brute, %(cree_le)s::timestamptz, %(imp)s, now(), now()
FROM flux_foyer_lot l WHERE l.dernier AND l.sort = ''
ON CONFLICT (organisme_payeur, numero_allocataire) DO UPDATE SET
    {", ".join(f"{c} = EXCLUDED.{c}" for c in _CONTENU_FOYER)},
    etat_depuis = CASE WHEN f.etat IS DISTINCT FROM EXCLUDED.etat THEN EXCLUDED.etat_depuis ELSE f.etat_depuis END,
    empreinte_brute = EXCLUDED.empreinte_brute,
    date_flux = coalesce(EXCLUDED.date_flux, f.date_flux),
    import_source_id = EXCLUDED.import_source_id, updated_at = now()
WHERE ({", ".join(f"f.{c}" for c in _CONTENU_FOYER)})
    IS DISTINCT FROM ({", ".join(f"EXCLUDED.{c}" for c in _CONTENU_FOYER)})
RETURNING f.organisme_payeur, f.numero_allocataire
"""  # noqa: S608 — constants of this module, no input
_LIER_FOYERS = """
UPDATE flux_foyer_lot l SET foyer_id = f.id
FROM inscription_foyerrsa f
WHERE l.foyer_id IS NULL AND f.organisme_payeur = l.organisme AND f.numero_allocataire = l.numero_allocataire
"""
# The person: by NIR (an index lookup a member), else by allocataire number + role + birth date + names,
# never a person whose registration holds another NIR.
_PAR_NIR = """
UPDATE flux_membre_lot m SET personne_id = d.personne_id, dossier = true
FROM inscription_dossierinscription d WHERE d.nir = m.nir
"""
_PAR_ALLOCATAIRE = """
UPDATE flux_membre_lot m SET personne_id = (
    SELECT r.personne_id FROM inscription_droitrsa r
    JOIN personnes_personne p ON p.id = r.personne_id
    WHERE r.organisme_payeur = m.organisme AND r.numero_allocataire = m.numero_allocataire AND r.role = m.role
      AND p.date_naissance = m.date_naissance AND upper(p.nom_naissance) = upper(m.nom_naissance)
      AND upper(p.prenoms) = upper(m.prenoms)
      AND NOT EXISTS (SELECT 1 FROM inscription_dossierinscription d
                      WHERE d.personne_id = r.personne_id AND d.nir IS NOT NULL AND m.nir IS NOT NULL
                        AND d.nir <> m.nir)
    ORDER BY r.personne_id LIMIT 1
)
WHERE m.personne_id IS NULL AND m.date_naissance IS NOT NULL
"""
_A_UN_DOSSIER = """
UPDATE flux_membre_lot m SET dossier = true
FROM inscription_dossierinscription d
WHERE d.personne_id = m.personne_id AND NOT m.dossier
"""
# A known person's département before this file: a household new to the platform (a move to another
# caisse comes with a new allocataire number) may still move the person to another département.
_DEPARTEMENTS_AVANT = """
UPDATE flux_membre_lot m SET departement_avant = p.departement_id
FROM personnes_personne p WHERE p.id = m.personne_id
"""
_NOUVEAUX = """
UPDATE flux_membre_lot SET personne_id = nextval(pg_get_serial_sequence('personnes_personne', 'id')), nouveau = true
WHERE personne_id IS NULL AND cree_si_inconnu
RETURNING personne_id
"""
# The flow is the source for identity and address (when it gives one); contact details are only
# filled in when missing (the person may have changed them in their space).
_METTRE_A_JOUR = """
UPDATE personnes_personne p SET
    nom_naissance = m.nom_naissance,
    nom_usage = m.nom_usage,
    prenoms = m.prenoms,
    date_naissance = coalesce(m.date_naissance, p.date_naissance),
    adresse = CASE WHEN l.code_insee <> '' THEN l.adresse ELSE p.adresse END,
    code_postal = CASE WHEN l.code_insee <> '' THEN l.code_postal ELSE p.code_postal END,
    commune_id = CASE WHEN c.code_insee IS NOT NULL THEN c.code_insee ELSE p.commune_id END,
    departement_id = coalesce(c.departement_id, p.departement_id, l.departement_apres),
    telephone = CASE WHEN p.telephone = '' THEN m.telephone ELSE p.telephone END,
    email = CASE WHEN p.email = '' THEN m.email ELSE p.email END,
    updated_at = now()
FROM flux_membre_lot m JOIN flux_foyer_lot l ON l.numero = m.numero
LEFT JOIN reseau_commune c ON c.code_insee = l.code_insee
WHERE p.id = m.personne_id AND NOT m.nouveau AND (
    (p.nom_naissance, p.nom_usage, p.prenoms, p.date_naissance) IS DISTINCT FROM
        (m.nom_naissance, m.nom_usage, m.prenoms, coalesce(m.date_naissance, p.date_naissance))
    OR (l.code_insee <> '' AND (p.adresse, p.code_postal) IS DISTINCT FROM (l.adresse, l.code_postal))
    OR (c.code_insee IS NOT NULL AND p.commune_id IS DISTINCT FROM c.code_insee)
    OR (p.telephone = '' AND m.telephone <> '')
    OR (p.email = '' AND m.email <> '')
)
RETURNING p.id
"""
_INSCRIRE_PERSONNES = """
INSERT INTO personnes_personne (
    id, nom_naissance, nom_usage, prenoms, date_naissance, email, telephone, adresse, code_postal,
    commune_id, departement_id, created_at, updated_at
)
SELECT m.personne_id, m.nom_naissance, m.nom_usage, m.prenoms, m.date_naissance, m.email, m.telephone,
       l.adresse, l.code_postal, c.code_insee, coalesce(c.departement_id, l.departement_apres), now(), now()
FROM flux_membre_lot m JOIN flux_foyer_lot l ON l.numero = m.numero
LEFT JOIN reseau_commune c ON c.code_insee = l.code_insee
WHERE m.nouveau
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
    """The INSERT of the registration files of the members who enter and have none: the columns the
    flow does not fill get the model's defaults, so that a field added to the model needs no change here."""
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
        f"SELECT {', '.join(valeurs)} FROM flux_membre_lot WHERE entre AND personne_id IS NOT NULL AND NOT dossier "
        "RETURNING personne_id"
    )
    return sql, tuple(parametres)


# A known person who enters without a category yet (registration not finished) awaits orientation too.
_CATEGORISER_CONNUS = f"""
UPDATE inscription_dossierinscription d
SET categorie = '{Categorie.G}', statut = '{StatutInscription.INSCRIT}', inscrit_le = coalesce(d.inscrit_le, now()),
    updated_at = now()
FROM flux_membre_lot m
WHERE d.personne_id = m.personne_id AND m.dossier AND m.entre AND d.categorie = ''
RETURNING d.personne_id
"""  # noqa: S608 — constants of this module, no input
_DROITS_AVANT = """
UPDATE flux_membre_lot m SET droit_existait = true, soumis_avant = r.soumis_droits_devoirs,
    sorti_avant = r.sorti_du_foyer_le, foyer_avant = r.foyer_id
FROM flux_foyer_lot l, inscription_droitrsa r
WHERE l.numero = m.numero AND r.personne_id = m.personne_id
  AND r.organisme_payeur = l.organisme AND r.numero_allocataire = l.numero_allocataire
"""
_DROITS = """
INSERT INTO inscription_droitrsa AS r (
    personne_id, organisme_payeur, numero_allocataire, role, date_ouverture,
    nb_personnes_foyer, nb_enfants, import_source_id, foyer_id, soumis_droits_devoirs, sorti_du_foyer_le, updated_at
)
SELECT m.personne_id, l.organisme, l.numero_allocataire, m.role,
       coalesce(l.date_ouverture, l.date_demande, ancien.date_ouverture, %(jour)s::date),
       coalesce(l.nb_personnes, l.nb_membres), coalesce(l.nb_enfants, 0), %(imp)s, l.foyer_id, m.soumis,
       m.date_sortie, now()
FROM flux_membre_lot m JOIN flux_foyer_lot l ON l.numero = m.numero
LEFT JOIN inscription_droitrsa ancien ON ancien.personne_id = m.personne_id
    AND ancien.organisme_payeur = l.organisme AND ancien.numero_allocataire = l.numero_allocataire
WHERE m.personne_id IS NOT NULL
ON CONFLICT (organisme_payeur, numero_allocataire, personne_id) DO UPDATE SET
    role = EXCLUDED.role, date_ouverture = EXCLUDED.date_ouverture,
    nb_personnes_foyer = EXCLUDED.nb_personnes_foyer, nb_enfants = EXCLUDED.nb_enfants,
    foyer_id = EXCLUDED.foyer_id, soumis_droits_devoirs = EXCLUDED.soumis_droits_devoirs,
    sorti_du_foyer_le = EXCLUDED.sorti_du_foyer_le,
    import_source_id = EXCLUDED.import_source_id, updated_at = now()
WHERE (r.role, r.date_ouverture, r.nb_personnes_foyer, r.nb_enfants, r.foyer_id, r.soumis_droits_devoirs,
       r.sorti_du_foyer_le)
    IS DISTINCT FROM (EXCLUDED.role, EXCLUDED.date_ouverture, EXCLUDED.nb_personnes_foyer, EXCLUDED.nb_enfants,
                      EXCLUDED.foyer_id, EXCLUDED.soumis_droits_devoirs, EXCLUDED.sorti_du_foyer_le)
RETURNING r.personne_id
"""
_MEMBRES = """
SELECT m.numero, m.role, m.personne_id, m.nouveau, m.entre, m.cree_si_inconnu, m.soumis, m.droit_existait,
       m.soumis_avant, m.sorti_avant, m.date_sortie, m.foyer_avant, coalesce(m.departement_avant, '')
FROM flux_membre_lot m
"""
_FOYERS = """
SELECT numero, organisme, numero_allocataire, foyer_id, existait, etat_avant, departement_avant,
       coalesce(departement_apres, ''), nb_personnes_avant, nb_enfants_avant, majoration_avant, dernier, absent
FROM flux_foyer_lot WHERE sort = ''
"""


# --- What a batch gives back --------------------------------------------------------------------


@dataclass
class BilanLot:
    """The counts of a batch (lines = households) and the people it moved."""

    creees: int = 0
    mises_a_jour: int = 0
    inchangees: int = 0
    cloturees: int = 0
    ignorees: int = 0
    rejetees: int = 0
    changements: list = field(default_factory=list)

    @property
    def lues(self):
        return self.creees + self.mises_a_jour + self.inchangees + self.cloturees + self.ignorees + self.rejetees


def _contenu(foyer):
    """What the report shows of a household: its number, state and members' names, never a NIR."""
    membres = " ; ".join(
        f"{_LIBELLES_ROLE.get(m.role, m.role)} {m.nom_usage or m.nom_naissance} {m.prenoms}"
        f" ({m.date_naissance:%d/%m/%Y})"
        if m.date_naissance
        else f"{_LIBELLES_ROLE.get(m.role, m.role)} {m.nom_usage or m.nom_naissance} {m.prenoms}"
        for m in foyer.membres
    )
    return f"{foyer.organisme} {foyer.numero_allocataire} · état « {foyer.etat} » · {membres}"[:2000]


def _ligne(imp, numero, resultat, motif, *, numero_allocataire="", contenu=""):
    """A line of the report, as the row ``_ecrire_rapport`` copies (a model instance a line would cost
    more than the line's writing)."""
    return (imp.pk, numero, resultat, numero_allocataire[:20], motif, contenu[:2000])


_COLONNES_RAPPORT = ("import_flux_id", "numero_ligne", "resultat", "numero_allocataire", "motif", "contenu")


def _ecrire_rapport(lignes):
    if not lignes:
        return
    table = LigneRapport._meta.db_table
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(_COLONNES_RAPPORT)}) FROM STDIN") as copie,
    ):
        for ligne in lignes:
            copie.write_row(ligne)


def _rejet(imp, rejete):
    allocataire = rejete.cle[1] if rejete.cle else ""
    return _ligne(
        imp, rejete.numero, ResultatLigne.REJETEE, rejete.motif, numero_allocataire=allocataire, contenu=rejete.brut
    )


# --- Writing a batch --------------------------------------------------------------------------


def ecrire_lot(imp, entete, elements, *, derniere_ligne=None, vus=None):
    """One transaction: the households of ``elements`` (FoyerLu or FoyerRejete) written, each line
    reported, the import's counts moved on. Returns the batch's ``BilanLot``.

    ``derniere_ligne``: the last line of the file this batch covers (where a resumed run starts);
    ``vus``: households read but not to be written (a resumed run's lines before its resume point),
    only recorded as listed for a monthly stock's absent ones.
    """
    foyers, rejets = [], [_rejet(imp, e) for e in elements if isinstance(e, FoyerRejete)]
    for element in elements:
        if not isinstance(element, FoyerLu):
            continue
        if motif := champ_trop_long(element):
            rejets.append(
                _ligne(
                    imp,
                    element.numero,
                    ResultatLigne.REJETEE,
                    motif,
                    numero_allocataire=element.numero_allocataire,
                    contenu=_contenu(element),
                )
            )
        else:
            foyers.append(element)
    bilan = BilanLot()
    contexte = {"import_flux_caf": imp.pk, "fichier": imp.nom_fichier}
    with transaction.atomic(), pghistory.context(**contexte):
        rapport = []
        if foyers:
            _ecrire_en_isolant(imp, entete, foyers, rapport, rejets, bilan)
        if entete.type_flux == STOCK_MENSUEL:
            _noter_vus([*foyers, *(vus or ())])
        bilan.rejetees = len(rejets)
        _ecrire_rapport([*rapport, *rejets])
        if bilan.changements:
            vie_du_droit.appliquer(bilan.changements)
        champs = {
            "nb_traitees": F("nb_traitees") + bilan.lues,
            "nb_creees": F("nb_creees") + bilan.creees,
            "nb_mises_a_jour": F("nb_mises_a_jour") + bilan.mises_a_jour,
            "nb_inchangees": F("nb_inchangees") + bilan.inchangees,
            "nb_cloturees": F("nb_cloturees") + bilan.cloturees,
            "nb_ignorees": F("nb_ignorees") + bilan.ignorees,
            "nb_rejetees": F("nb_rejetees") + bilan.rejetees,
            "actif_le": timezone.now(),
        }
        if derniere_ligne is not None:
            champs["derniere_ligne"] = derniere_ligne
        ImportFluxCAF.objects.filter(pk=imp.pk).update(**champs)
    return bilan


def _ecrire_en_isolant(imp, entete, foyers, rapport, rejets, bilan):
    """Writes ``foyers`` in a savepoint; if the database refuses them, writes each half the same way,
    down to the guilty households alone, which join ``rejets`` with the database's reason.

    Only what a household's values can cause (``DataError``, ``IntegrityError``) is its fault; a lost
    connection or a bug stops the run.
    """
    try:
        with transaction.atomic():
            partiel = BilanLot()
            lignes = _ecrire(imp, entete, foyers, partiel)
    except (DataError, IntegrityError, psycopg.DataError, psycopg.IntegrityError) as exc:
        # (psycopg's own: a COPY is not wrapped by Django's error translation.)
        if len(foyers) == 1:
            foyer = foyers[0]
            motif = motif_base(exc)
            # The reason only: the database's detail would put the line's values (a NIR) in the logs.
            logger.warning(
                "Import du flux CAF/MSA n° %s : ligne %s refusée par la base (%s)", imp.pk, foyer.numero, motif
            )
            rejets.append(
                _ligne(
                    imp,
                    foyer.numero,
                    ResultatLigne.REJETEE,
                    motif,
                    numero_allocataire=foyer.numero_allocataire,
                    contenu=_contenu(foyer),
                )
            )
            return
        milieu = len(foyers) // 2
        _ecrire_en_isolant(imp, entete, foyers[:milieu], rapport, rejets, bilan)
        _ecrire_en_isolant(imp, entete, foyers[milieu:], rapport, rejets, bilan)
        return
    rapport.extend(lignes)
    for nom in ("creees", "mises_a_jour", "inchangees", "cloturees", "ignorees"):
        setattr(bilan, nom, getattr(bilan, nom) + getattr(partiel, nom))
    bilan.changements.extend(partiel.changements)


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
    cause = exc.__cause__ if exc.__cause__ is not None else exc
    code = getattr(cause, "sqlstate", None)
    diag = getattr(cause, "diag", None)
    gabarit = _MOTIFS_BASE.get(code)
    if gabarit is None:
        return f"refusée par la base de données (code {code or type(exc).__name__})"
    motif = gabarit.format(
        contrainte=getattr(diag, "constraint_name", None) or "?", colonne=getattr(diag, "column_name", None) or "?"
    )
    return f"refusée par la base de données : {motif}"


def _etat_depuis(foyer, jour):
    if foyer.etat in ETATS_CLOS and foyer.date_cloture:
        return foyer.date_cloture
    if foyer.etat in (EtatDroitRSA.SUSPENDU_DROIT, EtatDroitRSA.SUSPENDU_VERSEMENT) and foyer.date_suspension:
        return foyer.date_suspension
    return jour


def _identite_complete(membre):
    return bool(membre.date_naissance and membre.nom_naissance and membre.prenoms)


def _lignes_copiees(foyers, jour):
    # Several lines of one household in a batch (the historical CSV gives one line per member): the
    # household's row is written from its last line only, so that a replay does not flip it line by line.
    derniers = {foyer.cle: foyer.numero for foyer in foyers}
    lignes_foyers, lignes_membres = [], []
    for foyer in foyers:
        connu = foyer.etat in ETATS_CONNUS
        ouvert = foyer.etat in ETATS_OUVERTS
        lignes_foyers.append(
            (
                foyer.numero,
                foyer.organisme,
                foyer.numero_allocataire,
                foyer.departement,
                foyer.etat,
                foyer.motif_suspension,
                foyer.date_suspension,
                foyer.motif_cloture,
                foyer.date_cloture,
                foyer.motif_refus,
                foyer.date_demande,
                foyer.numero_demande,
                foyer.date_ouverture,
                foyer.situation_famille,
                foyer.nb_personnes,
                foyer.nb_enfants,
                foyer.majoration_isolement,
                foyer.sans_domicile_fixe,
                foyer.adresse,
                foyer.code_postal,
                foyer.code_insee,
                empreinte_foyer(foyer),
                foyer.empreinte_brute,
                connu,
                max(1, len(foyer.membres)),
                _etat_depuis(foyer, jour),
                derniers[foyer.cle] == foyer.numero,
            )
        )
        for membre in foyer.membres:
            entre = ouvert and membre.soumis_droits_devoirs is True and membre.date_sortie_foyer is None
            conjoint_rattache = ouvert and membre.role == RoleFoyer.CONJOINT and membre.date_sortie_foyer is None
            lignes_membres.append(
                (
                    foyer.numero,
                    foyer.organisme,
                    foyer.numero_allocataire,
                    membre.role,
                    nir_complet(membre.nir),
                    membre.nom_naissance,
                    membre.nom_usage,
                    membre.prenoms,
                    membre.date_naissance,
                    membre.telephone,
                    membre.email,
                    membre.soumis_droits_devoirs,
                    membre.date_sortie_foyer,
                    (entre or conjoint_rattache) and _identite_complete(membre),
                    entre,
                )
            )
    return lignes_foyers, lignes_membres


def _ecrire(imp, entete, foyers, bilan):
    """The set-based writing of ``foyers``; fills ``bilan`` and returns the report's lines."""
    jour = _jour(entete)
    parametres = {"cree_le": entete.cree_le, "imp": imp.pk, "jour": jour}
    lignes_foyers, lignes_membres = _lignes_copiees(foyers, jour)
    with connection.cursor() as cursor:
        for sql in _STAGING:
            cursor.execute(sql)
        # ON COMMIT empties them, but a batch may run inside an outer transaction (or be retried by halves).
        cursor.execute("TRUNCATE flux_foyer_lot, flux_membre_lot")
        with cursor.copy(f"COPY flux_foyer_lot ({', '.join(_COLONNES_FOYER)}) FROM STDIN") as copie:
            for ligne in lignes_foyers:
                copie.write_row(ligne)
        with cursor.copy(f"COPY flux_membre_lot ({', '.join(_COLONNES_MEMBRE)}) FROM STDIN") as copie:
            for ligne in lignes_membres:
                copie.write_row(ligne)
        cursor.execute(_RETROUVER_FOYERS)
        cursor.execute(_TRIER, parametres)
        tries = {numero: (sort, avant) for numero, sort, avant in cursor.fetchall() if sort}
        cursor.execute(_ECARTER_MEMBRES)
        cursor.execute(_DEPARTEMENTS)
        cursor.execute(_ECRIRE_FOYERS, parametres)
        foyers_ecrits = set(cursor.fetchall())
        cursor.execute(_LIER_FOYERS)
        cursor.execute(_PAR_NIR)
        cursor.execute(_PAR_ALLOCATAIRE)
        cursor.execute(_A_UN_DOSSIER)
        cursor.execute(_DEPARTEMENTS_AVANT)
        cursor.execute(_NOUVEAUX)
        nouveaux = {r[0] for r in cursor.fetchall()}
        cursor.execute(_METTRE_A_JOUR)
        modifiees = {r[0] for r in cursor.fetchall()}
        cursor.execute(_INSCRIRE_PERSONNES)
        cursor.execute(*_sql_inscrire_dossiers())
        inscrits = {r[0] for r in cursor.fetchall()}
        cursor.execute(_CATEGORISER_CONNUS)
        inscrits.update(r[0] for r in cursor.fetchall())
        cursor.execute(_DROITS_AVANT)
        cursor.execute(_DROITS, parametres)
        droits_changes = {r[0] for r in cursor.fetchall()}
        cursor.execute(_MEMBRES)
        membres = cursor.fetchall()
        cursor.execute(_FOYERS)
        ecrits = cursor.fetchall()
    entrants = {m[2] for m in membres if m[4] and m[2] is not None}
    # As the historical import did: every entrant the batch created, registered or changed (their right
    # included) is offered to orientation, which skips the people it already decided.
    orienter = (nouveaux | inscrits | modifiees | droits_changes) & entrants
    if nouveaux or modifiees:
        doublons.signaler(nouveaux | modifiees)
    if orienter:
        inscriptions_enregistrees.send(sender=ImportFluxCAF, personne_ids=orienter)
    return _bilan(
        imp,
        entete,
        foyers,
        tries,
        foyers_ecrits,
        ecrits,
        membres,
        nouveaux=nouveaux,
        modifiees=modifiees,
        inscrits=inscrits,
        droits_changes=droits_changes,
        bilan=bilan,
    )


def _bilan(imp, entete, foyers, tries, foyers_ecrits, ecrits, membres, **faits):
    """Each line's result with its reason (French), and the people whose right moved."""
    bilan = faits["bilan"]
    par_numero = {f.numero: f for f in foyers}
    membres_par_foyer = {}
    for m in membres:
        membres_par_foyer.setdefault(m[0], []).append(m)
    lignes = []
    for numero, (sort, avant) in tries.items():
        foyer = par_numero[numero]
        if sort == "ordre":
            bilan.ignorees += 1
            lignes.append(
                _ligne(
                    imp,
                    numero,
                    ResultatLigne.IGNOREE,
                    f"fichier du {_date_fr(entete.cree_le)} plus ancien que celui déjà appliqué pour ce foyer "
                    f"({_date_fr(avant)})",
                    numero_allocataire=foyer.numero_allocataire,
                    contenu=_contenu(foyer),
                )
            )
        else:
            bilan.inchangees += 1
    for ligne in ecrits:
        numero, organisme, allocataire, foyer_id, existait, etat_avant, dep_avant, dep_apres = ligne[:8]
        nb_personnes_avant, nb_enfants_avant, majoration_avant, dernier, absent = ligne[8:]
        foyer = par_numero[numero]
        ecrit = dernier and (organisme, allocataire) in foyers_ecrits
        if foyer.etat not in ETATS_CONNUS:
            bilan.ignorees += 1
            lignes.append(
                _ligne(
                    imp,
                    numero,
                    ResultatLigne.IGNOREE,
                    f"code d'état inconnu « {foyer.etat} » : état enregistré tel quel sur le foyer, "
                    "aucune conséquence tirée"
                    if foyer.etat
                    else "état du droit absent : foyer enregistré, aucune conséquence tirée (une correspondance "
                    "de colonnes peut donner un état par défaut)",
                    numero_allocataire=allocataire,
                    contenu=_contenu(foyer),
                )
            )
            continue
        etat_change = existait and etat_avant != foyer.etat
        departement_change = existait and dep_avant != dep_apres and bool(dep_avant)
        composition_changee = existait and (
            (foyer.nb_personnes is not None and foyer.nb_personnes != nb_personnes_avant)
            or (foyer.nb_enfants is not None and foyer.nb_enfants != nb_enfants_avant)
            or (foyer.majoration_isolement is not None and foyer.majoration_isolement != majoration_avant)
        )
        cree, change, notes = False, ecrit, []
        for m in membres_par_foyer.get(numero, ()):
            _, role, personne_id, nouveau, entre, _cree_si_inconnu, soumis = m[:7]
            droit_existait, soumis_avant, sorti_avant, date_sortie, foyer_avant, dep_personne = m[7:]
            libelle = _LIBELLES_ROLE.get(role, role)
            if personne_id is None:
                notes.append(_motif_non_cree(foyer, role, soumis))
                continue
            inscrit = personne_id in faits["inscrits"]
            if nouveau or inscrit:
                cree = True
            change = change or personne_id in faits["modifiees"] or personne_id in faits["droits_changes"]
            if entre and (nouveau or inscrit):
                notes.append(f"{libelle} inscrit(e) pour orientation")
            elif nouveau:
                notes.append(f"{libelle} rattaché(e) au foyer, non orienté(e) ({_soumission(soumis)})")
            elif soumis is None and soumis_avant is not False:
                notes.append(f"{libelle} : indicateur droits et devoirs absent (inconnu), non orienté(e) par ce flux")
            membre_change = (not droit_existait) or foyer_avant != foyer_id or sorti_avant != date_sortie
            sorti = date_sortie is not None and sorti_avant != date_sortie
            if sorti:
                notes.append(f"{libelle} sorti(e) du foyer le {_date_fr(date_sortie)}")
            # The household's département before, else (a household new here) the person's own.
            dep_membre = dep_avant if existait else dep_personne
            demenage = bool(dep_membre) and bool(dep_apres) and dep_membre != dep_apres
            if demenage and not departement_change:
                notes.append(f"{libelle} : département {dep_membre} → {dep_apres}")
            if etat_change or demenage or composition_changee or membre_change or nouveau:
                bilan.changements.append(
                    vie_du_droit.ChangementDroit(
                        personne_id=personne_id,
                        foyer_id=foyer_id,
                        import_id=imp.pk,
                        etat_avant=etat_avant if droit_existait else "",
                        etat_apres=foyer.etat,
                        motif=_motif_etat(foyer),
                        date=_date_etat(foyer),
                        departement_avant=dep_membre,
                        departement_apres=dep_apres,
                        composition_changee=bool(composition_changee or (existait and membre_change)),
                        sorti_du_foyer=sorti,
                    )
                )
        if etat_change:
            notes.insert(0, _libelle_transition(etat_avant, foyer))
        if absent and ecrit:
            notes.append("de nouveau listé par le flux (n'est plus à examiner comme absent du stock)")
        if departement_change:
            notes.append(f"département {dep_avant} → {dep_apres}")
        if composition_changee:
            notes.append("composition du foyer modifiée")
        if cree:
            resultat = ResultatLigne.CREEE
        elif etat_change and foyer.etat in ETATS_CLOS and etat_avant not in ETATS_CLOS:
            resultat = ResultatLigne.CLOTUREE
        elif change:
            resultat = ResultatLigne.MISE_A_JOUR
        else:
            bilan.inchangees += 1
            continue
        setattr(bilan, _COMPTEURS[resultat], getattr(bilan, _COMPTEURS[resultat]) + 1)
        if not existait and not notes:
            notes.append("foyer enregistré")
        lignes.append(
            _ligne(
                imp,
                numero,
                resultat,
                " ; ".join(notes),
                numero_allocataire=allocataire,
                contenu=_contenu(foyer),
            )
        )
    return lignes


_COMPTEURS = {
    ResultatLigne.CREEE: "creees",
    ResultatLigne.MISE_A_JOUR: "mises_a_jour",
    ResultatLigne.CLOTUREE: "cloturees",
}


def _soumission(soumis):
    if soumis is None:
        return "indicateur droits et devoirs absent"
    return "soumis aux droits et devoirs" if soumis else "non soumis aux droits et devoirs"


def _motif_non_cree(foyer, role, soumis):
    libelle = _LIBELLES_ROLE.get(role, role)
    if foyer.etat not in ETATS_OUVERTS:
        return f"{libelle} inconnu(e) non inscrit(e) : droit non ouvert (état « {foyer.etat} »)"
    if soumis is None:
        return f"{libelle} inconnu(e) non inscrit(e) : indicateur droits et devoirs absent (inconnu)"
    if soumis is False:
        return f"{libelle} inconnu(e) non inscrit(e) : non soumis(e) aux droits et devoirs"
    return f"{libelle} inconnu(e) non inscrit(e) : identité incomplète (nom, prénom ou date de naissance)"


def _motif_etat(foyer):
    if foyer.etat in ETATS_CLOS:
        return foyer.motif_cloture or foyer.motif_refus
    if foyer.etat in (EtatDroitRSA.SUSPENDU_DROIT, EtatDroitRSA.SUSPENDU_VERSEMENT):
        return foyer.motif_suspension
    return ""


def _date_etat(foyer):
    if foyer.etat in ETATS_CLOS:
        return foyer.date_cloture
    if foyer.etat in (EtatDroitRSA.SUSPENDU_DROIT, EtatDroitRSA.SUSPENDU_VERSEMENT):
        return foyer.date_suspension
    return None


def _libelle_transition(etat_avant, foyer):
    motif = _motif_etat(foyer)
    precision = f" (motif {motif})" if motif else ""
    if foyer.etat in ETATS_OUVERTS and etat_avant in ETATS_CLOS:
        return f"droit rouvert{precision}"
    if foyer.etat in (EtatDroitRSA.SUSPENDU_DROIT, EtatDroitRSA.SUSPENDU_VERSEMENT):
        return f"droit suspendu{precision}"
    if foyer.etat == EtatDroitRSA.OUVERT:
        return "droit ouvert et versable"
    if foyer.etat in ETATS_CLOS:
        return f"droit clos{precision}"
    return f"état « {etat_avant} » → « {foyer.etat} »"


# --- A monthly stock's absent households --------------------------------------------------------


def _noter_vus(foyers):
    if foyers:
        _copier_vus((foyer.organisme, foyer.numero_allocataire, foyer.departement) for foyer in foyers)


def _copier_vus(cles):
    with connection.cursor() as cursor:
        for sql in _STAGING:
            cursor.execute(sql)
        with cursor.copy("COPY flux_foyers_vus (organisme, numero_allocataire, departement) FROM STDIN") as copie:
            for cle in cles:
                copie.write_row(cle)


def commencer(imp):
    """Forgets the households an earlier run of this session listed (a worker runs imports one after the other)."""
    with connection.cursor() as cursor:
        for sql in _STAGING:
            cursor.execute(sql)
        cursor.execute("TRUNCATE flux_foyers_vus")


_ABSENTS = """
WITH perimetre AS (
    SELECT DISTINCT v.organisme, coalesce(d.code, %(departement)s) AS departement
    FROM (SELECT DISTINCT organisme, departement FROM flux_foyers_vus) v
    LEFT JOIN reseau_departement d ON d.code = v.departement
)
SELECT f.id, f.organisme_payeur, f.numero_allocataire, f.departement_id, f.etat
FROM inscription_foyerrsa f
JOIN perimetre p ON p.organisme = f.organisme_payeur AND p.departement = f.departement_id
WHERE coalesce(f.date_flux, '-infinity'::timestamptz) < %(cree_le)s::timestamptz
  AND NOT EXISTS (SELECT 1 FROM flux_foyers_vus v
                  WHERE v.organisme = f.organisme_payeur AND v.numero_allocataire = f.numero_allocataire)
ORDER BY f.id
"""


def traiter_absents_du_stock(imp, entete, cles=None):
    """After a whole monthly stock: the households of its départements and organismes it no longer lists
    (and last described by an older file) get their département's setting (``AbsentsDuStock``):
    to examine (``absent_du_stock_le``, reported), closed (reason « absent du stock mensuel », the
    consequences drawn by ``vie_du_droit``), or nothing. A daily file changes only what it names.

    The households listed are those the batches of this session wrote (``ecrire_lot``), or, when the
    file was written by several workers, ``cles``: every (organisme, numero_allocataire, département
    code or "") of the file, e.g. from the XML scan's segments.

    Returns the number of households reported.
    """
    if entete.type_flux != STOCK_MENSUEL or entete.cree_le is None:
        return 0
    if cles is not None:
        commencer(imp)
        _copier_vus(cles)
    jour = timezone.localdate(entete.cree_le)
    date_cloture = entete.date_reference or jour
    with transaction.atomic(), pghistory.context(import_flux_caf=imp.pk, fichier=imp.nom_fichier):
        with connection.cursor() as cursor:
            for sql in _STAGING:
                cursor.execute(sql)
            cursor.execute("ANALYZE flux_foyers_vus")  # a temporary table has no statistics otherwise
            # Whatever the plan: with the households just written and their statistics not yet refreshed
            # (autovacuum), the planner may believe few pass the date and loop over the listed ones for each;
            # the index makes each probe a lookup (a stock of 100 000 unchanged households took minutes).
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS flux_foyers_vus_cle ON flux_foyers_vus (organisme, numero_allocataire)"
            )
            cursor.execute("ANALYZE inscription_foyerrsa")
            cursor.execute(_ABSENTS, {"cree_le": entete.cree_le, "departement": imp.departement_id})
            absents = cursor.fetchall()
        if not absents:
            return 0
        reglages = dict(
            ReglagesFluxDepartement.objects.filter(departement_id__in={a[3] for a in absents}).values_list(
                "departement_id", "absents_du_stock"
            )
        )
        a_examiner, a_clore, rapport = [], [], []
        for pk, organisme, allocataire, departement, etat in absents:
            reglage = reglages.get(departement, AbsentsDuStock.A_EXAMINER)
            if reglage == AbsentsDuStock.CLORE and etat not in ETATS_CLOS:
                a_clore.append(pk)
                rapport.append(
                    _ligne(
                        imp,
                        0,
                        ResultatLigne.CLOTUREE,
                        f"{LIBELLE_ABSENT_DU_STOCK} du {_date_fr(entete.cree_le)} : droit clos "
                        f"(réglage du département {departement})",
                        numero_allocataire=allocataire,
                        contenu=f"{organisme} {allocataire} · état « {etat} »",
                    )
                )
            elif reglage == AbsentsDuStock.A_EXAMINER:
                a_examiner.append(pk)
                rapport.append(
                    _ligne(
                        imp,
                        0,
                        ResultatLigne.IGNOREE,
                        f"{LIBELLE_ABSENT_DU_STOCK} du {_date_fr(entete.cree_le)} : à examiner, "
                        "aucune clôture automatique",
                        numero_allocataire=allocataire,
                        contenu=f"{organisme} {allocataire} · état « {etat} »",
                    )
                )
        if a_examiner:
            FoyerRSA.objects.filter(pk__in=a_examiner, absent_du_stock_le__isnull=True).update(
                absent_du_stock_le=jour, updated_at=timezone.now()
            )
        changements = []
        if a_clore:
            avant = dict(FoyerRSA.objects.filter(pk__in=a_clore).values_list("pk", "etat"))
            FoyerRSA.objects.filter(pk__in=a_clore).update(
                etat=EtatDroitRSA.CLOS,
                etat_depuis=date_cloture,
                motif_cloture=MOTIF_ABSENT_DU_STOCK,
                date_cloture=date_cloture,
                import_source=imp,
                updated_at=timezone.now(),
            )
            for droit in DroitRSA.objects.filter(foyer_id__in=a_clore, sorti_du_foyer_le__isnull=True).values(
                "personne_id", "foyer_id", "foyer__departement_id"
            ):
                changements.append(
                    vie_du_droit.ChangementDroit(
                        personne_id=droit["personne_id"],
                        foyer_id=droit["foyer_id"],
                        import_id=imp.pk,
                        etat_avant=avant[droit["foyer_id"]],
                        etat_apres=EtatDroitRSA.CLOS,
                        motif=MOTIF_ABSENT_DU_STOCK,
                        date=date_cloture,
                        departement_avant=droit["foyer__departement_id"] or "",
                        departement_apres=droit["foyer__departement_id"] or "",
                    )
                )
        _ecrire_rapport(rapport)
        if changements:
            vie_du_droit.appliquer(changements)
        ImportFluxCAF.objects.filter(pk=imp.pk).update(
            nb_cloturees=F("nb_cloturees") + len(a_clore),
            nb_ignorees=F("nb_ignorees") + len(a_examiner),
            actif_le=timezone.now(),
        )
    return len(rapport)
