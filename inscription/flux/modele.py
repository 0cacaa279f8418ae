"""The shape every reader gives and the writer reads: one household of the RSA flow.

What a field holds comes from ``../shared/reference/caf-msa-flux.md`` (element names in the comments).
Codes are kept as the file gives them (stripped): an unknown code is not an error of the reader;
the writer decides what it means (``inscription.enums.EtatDroitRSA``) and reports what it ignored.
"""

import dataclasses
import datetime
import hashlib
from dataclasses import dataclass

# ``EnteteFlux.type_flux``
STOCK_MENSUEL = "M"  # TYPEFLUX=M, « RSABEM »: a photo of the month; may close absent rights (département setting)
QUOTIDIEN = "I"  # TYPEFLUX=I, « RSABEI »: changes only; a household absent from it means nothing


@dataclass(frozen=True, slots=True)
class EnteteFlux:
    """What the file says of itself. ``cree_le`` orders the files of a household (older never wins)."""

    format: str  # inscription.enums.FormatFlux value
    type_flux: str  # STOCK_MENSUEL or QUOTIDIEN
    cree_le: datetime.datetime | None  # DTCREAFLUX + HEUCREAFLUX (aware, Europe/Paris); a tableur: None
    date_reference: datetime.date | None = None  # DTREF
    encodage: str = ""  # as declared by the prolog (XML) or detected (CSV): "utf-8", "cp1252"
    nb_foyers_annonces: int | None = None  # NBTOTDOSRSATRANSM, checked against what was read


@dataclass(frozen=True, slots=True)
class MembreLu:
    """A member of the RSA household the platform follows: the demandeur or the conjoint (ENF/AUT are skipped)."""

    role: str  # inscription.enums.RoleFoyer value: "demandeur" or "conjoint"
    nir: str  # as received, spaces removed: 13 characters (no key, XML) or 15 (with key); "" if absent
    nom_naissance: str
    nom_usage: str
    prenoms: str
    date_naissance: datetime.date | None
    sexe: str = ""  # "1" man, "2" woman, "" unknown
    # TOPPERSDRODEVORSA: soumis aux droits et devoirs. None when the flag is missing: « unknown », never 0.
    soumis_droits_devoirs: bool | None = None
    nouvel_entrant: bool | None = None  # TOPPERSENTDRODEVORSA
    date_entree_foyer: datetime.date | None = None  # DDRATDOS
    date_sortie_foyer: datetime.date | None = None  # DFRATDOS: left the household on that day
    identifiant_france_travail: str = ""  # DossierPoleEmploi/IDASSEDIC
    identifiant_departement: str = ""  # a département's own id (IODAS, Solis…), tableur only
    telephone: str = ""  # tableur only
    email: str = ""  # tableur only


@dataclass(frozen=True, slots=True)
class FoyerLu:
    """One household (« dossier RSA ») as a line of the file gives it."""

    numero: int  # the household's rank in the XML file, or the first line's number in a tableur
    organisme: str  # FONORG: "CAF" or "MSA"
    numero_allocataire: str  # MATRICULE, as text (leading zeros matter)
    departement: str  # IDEPARTE as our Departement.code ("093" -> "93", "02A" -> "2A"); "" if absent
    etat: str  # ETATDOSRSA as received ("0".."6", or an unknown code kept as is; "" if absent)
    membres: tuple[MembreLu, ...]
    motif_suspension: str = ""  # MOTISUSVERSRSA (state 4) or MOTISUSDRORSA (state 3)
    date_suspension: datetime.date | None = None  # DDSUSVERSRSA / DDSUSDRORSA
    motif_cloture: str = ""  # MOTICLORSA (PCG, ECH, MUT… ; VRSD: CCG, CMD, CMU…)
    date_cloture: datetime.date | None = None  # DTCLORSA
    motif_refus: str = ""  # MOTIREFURSA (state 1)
    date_demande: datetime.date | None = None  # DTDEMRSA
    numero_demande: str = ""  # NUMDEMRSA
    date_ouverture: datetime.date | None = None  # VRSD DroitOuvert/DTODRSA; tableur « date d'ouverture du droit »
    situation_famille: str = ""  # SITFAM: CEL, MAR, VIM…
    nb_personnes: int | None = None  # household size when given
    nb_enfants: int | None = None  # dependent children (Rattachement / composition) when given
    majoration_isolement: bool | None = None  # RSA majoré (parent isolé) when given
    sans_domicile_fixe: bool | None = None  # TOPSANSDOMFIXE
    soumis_droits_devoirs_foyer: bool | None = None  # TOPFOYDRODEVORSA
    adresse: str = ""  # NUMVOIE LIBTYPEVOIE NOMVOIE (+ complements), one line
    code_postal: str = ""  # CODEPOS
    code_insee: str = ""  # NUMCOM
    nom_commune: str = ""  # NOMCOM
    date_emmenagement: datetime.date | None = None  # DTEMM of RGADR=01
    mutation_sortante: datetime.date | None = None  # OrganismePrenant/DDDEPAMUT: leaving for another caisse
    mutation_entrante: datetime.date | None = None  # OrganismeCedant/DDARRMUT: arriving from another caisse
    ancien_numero_allocataire: str = ""  # OrganismeCedant's MATRICULE
    empreinte_brute: str = ""  # hash of the household's bytes in the file (XML), for the fast path

    @property
    def cle(self):
        return (self.organisme, self.numero_allocataire)


@dataclass(frozen=True, slots=True)
class FoyerRejete:
    """A household (XML) or line (tableur) that cannot be read; the others go on."""

    numero: int
    motif: str  # French, without the values of a NIR
    brut: str = ""  # what the report shows of it (truncated by the writer)
    # Tableur only: the field and its error, cell by cell, for the preview.
    erreurs: tuple[tuple[str, str], ...] = ()
    cle: tuple[str, str] | None = None  # (organisme, numero_allocataire) when it could be read


class FormatInvalide(Exception):
    """The file as a whole cannot be read (header, truncated XML, missing mapped column): nothing is written."""


def empreinte_foyer(foyer):
    """A hash of everything the writer reads of a household (not its rank nor its raw hash).

    Two monthly stocks that say the same thing of a household give the same hash, whatever the
    layout of the file: a household whose hash did not move is « sans changement » without a write.
    Field by field rather than ``dataclasses.astuple``, which deep-copies every member (it cost more
    than writing the household).
    """
    valeurs = [(nom, getattr(foyer, nom)) for nom in _CHAMPS_EMPREINTE]
    membres = [
        tuple(getattr(m, nom) for nom in _CHAMPS_MEMBRE)
        for m in sorted(foyer.membres, key=lambda m: (m.role, m.nir, m.date_naissance or datetime.date.min))
    ]
    return hashlib.blake2b(repr((valeurs, membres)).encode(), digest_size=16).hexdigest()


_CHAMPS_EMPREINTE = tuple(
    f.name for f in dataclasses.fields(FoyerLu) if f.name not in ("numero", "empreinte_brute", "membres")
)
_CHAMPS_MEMBRE = tuple(f.name for f in dataclasses.fields(MembreLu))
