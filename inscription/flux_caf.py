"""Reading and checking the CAF/MSA flow, line by line (format: inscription/docs/format_flux_caf.md).

Pure functions: no database access here, so that the checks are fast and easy to
test. ``inscription/import_caf.py`` writes what they accept.

The line machinery (bounded lines, encodings, quoting) is shared with the départements' exports
(``inscription/flux/lignes.py``). Every fault is the fault of one line: a line that is too long,
not in the file's encoding, badly quoted or with the wrong number of columns is rejected with its
number and its reason, and the reading goes on with the next line. Only an unreadable header stops the whole file.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from stdnum.fr import nir as stdnum_nir

from inscription.enums import EtatDroitRSA, FormatFlux, OrganismePayeur, RoleFoyer
from inscription.flux import lignes
from inscription.flux.lignes import UTF8, examiner  # noqa: F401 — import_caf reads examiner from here
from inscription.flux.modele import QUOTIDIEN, EnteteFlux, FormatInvalide, FoyerLu, MembreLu
from inscription.regles import MESSAGE_PREMIER_CHIFFRE, premier_chiffre_valide, verifier_nir_naissance

COLONNES = (
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
OBLIGATOIRES = frozenset(
    {
        "numero_allocataire",
        "organisme_payeur",
        "role",
        "nir",
        "nom_naissance",
        "prenoms",
        "date_naissance",
        "code_postal",
        "code_insee",
        "date_ouverture_droit",
    }
)
_ALLOCATAIRE = re.compile(r"^[0-9A-Za-z]{1,20}$")
_TELEPHONE = re.compile(r"^(?:\+33|0)[1-9][0-9]{8}$")
_NIR = re.compile(r"^[0-9]{5}(?:[0-9]{2}|2A|2B)[0-9]{8}$")
_ORGANISMES = frozenset(OrganismePayeur.values)
_ROLES = frozenset(RoleFoyer.values)


@dataclass(frozen=True, slots=True)
class LigneCAF:
    numero_ligne: int
    numero_allocataire: str
    organisme_payeur: str
    role: str
    nir: str
    nom_naissance: str
    nom_usage: str
    prenoms: str
    date_naissance: datetime.date
    adresse: str
    code_postal: str
    code_insee: str
    telephone: str
    email: str
    nb_personnes_foyer: int
    nb_enfants: int
    date_ouverture_droit: datetime.date


@dataclass(frozen=True, slots=True)
class LigneLue:
    """A data line as read: its columns, or why it cannot be read (``motif``, then ``colonnes`` is None).

    ``colonnes`` is also None, with no ``motif``, when the line has the wrong number of columns
    (``verifier`` says so).
    """

    numero: int
    brut: str
    colonnes: dict | None
    motif: str = ""


def lire(fichier_binaire, *, encodage=UTF8, longueur_max=4096):
    """Yields a ``LigneLue`` for each data line (blank lines skipped), in the file's order.

    Each line is decoded and parsed on its own: a fault (encoding, length, CSV) rejects that
    line only, and a quote left open cannot swallow the lines after it. Raises FormatInvalide
    when the header cannot be read or lacks columns.
    """
    fichier_binaire.seek(0)
    octets, bom = lignes.entete(fichier_binaire, longueur_max)
    try:
        entete = lignes.cellules(lignes.decoder(octets, UTF8 if bom else encodage))
    except ValueError as exc:
        raise FormatInvalide(f"L'en-tête est illisible : {exc}.") from None
    entete = [c.strip().lower() for c in entete]
    manquantes = [c for c in COLONNES if c not in entete]
    if manquantes:
        raise FormatInvalide(f"Colonnes manquantes dans l'en-tête : {', '.join(manquantes)}.")
    for numero, octets, trop_longue in lignes.lignes_physiques(fichier_binaire, longueur_max):
        numero += 1  # the header was line 1
        if lignes.vide(octets):
            continue
        if trop_longue:
            motif = f"ligne trop longue : plus de {longueur_max} octets"
            yield LigneLue(numero, lignes.pour_le_rapport(octets.decode(encodage, errors="replace")), None, motif)
            continue
        try:
            texte = lignes.decoder(octets, encodage)
        except ValueError as exc:
            yield LigneLue(numero, lignes.pour_le_rapport(octets.decode(encodage, errors="replace")), None, str(exc))
            continue
        brut = lignes.pour_le_rapport(texte)
        try:
            cellules = lignes.cellules(texte)
        except ValueError as exc:
            yield LigneLue(numero, brut, None, str(exc))
            continue
        if len(cellules) != len(entete):
            yield LigneLue(numero, brut, None)
            continue
        yield LigneLue(numero, brut, dict(zip(entete, cellules, strict=True)))


def _date(valeur, nom):
    valeur = valeur.strip()
    try:
        if "/" in valeur:
            jour, mois, annee = valeur.split("/")
            if len(annee) != 4:
                raise ValueError
            return datetime.date(int(annee), int(mois), int(jour))
        return datetime.date.fromisoformat(valeur)
    except ValueError:
        raise ValueError(f"{nom} invalide « {valeur} » (attendu AAAA-MM-JJ ou JJ/MM/AAAA)") from None


def _entier(valeur, nom, minimum, maximum, defaut):
    valeur = valeur.strip()
    if not valeur:
        return defaut
    if not valeur.isdigit() or not minimum <= int(valeur) <= maximum:
        raise ValueError(f"{nom} invalide « {valeur} » (entier de {minimum} à {maximum})")
    return int(valeur)


def verifier(numero_ligne, colonnes, communes, aujourd_hui):
    """Returns a LigneCAF, or raises ValueError with the reason in French.

    ``communes`` maps each INSEE code to the postal codes that serve it.
    """
    if colonnes is None:
        raise ValueError(f"nombre de colonnes incorrect (attendu {len(COLONNES)})")
    v = {nom: (colonnes.get(nom) or "").strip() for nom in COLONNES}
    vides = [nom for nom in COLONNES if nom in OBLIGATOIRES and not v[nom]]
    if vides:
        raise ValueError(f"champ(s) obligatoire(s) vide(s) : {', '.join(vides)}")
    if not _ALLOCATAIRE.match(v["numero_allocataire"]):
        raise ValueError(f"numéro d'allocataire invalide « {v['numero_allocataire']} »")
    organisme = v["organisme_payeur"].upper()
    if organisme not in _ORGANISMES:
        raise ValueError(f"organisme payeur inconnu « {v['organisme_payeur']} » (CAF ou MSA)")
    role = v["role"].lower()
    if role not in _ROLES:
        raise ValueError(f"rôle inconnu « {v['role']} » (demandeur ou conjoint)")
    date_naissance = _date(v["date_naissance"], "date de naissance")
    if not datetime.date(1900, 1, 1) <= date_naissance <= aujourd_hui:
        raise ValueError(f"date de naissance hors limites « {v['date_naissance']} »")
    nir = v["nir"].replace(" ", "").replace(".", "").upper()
    if not premier_chiffre_valide(nir):  # the key does not check it (inscription/regles.py)
        raise ValueError(f"NIR invalide : {MESSAGE_PREMIER_CHIFFRE}")
    # The format by regex (fast), the key by python-stdnum.
    if not _NIR.match(nir) or stdnum_nir.calc_check_digits(nir) != nir[13:]:
        raise ValueError("NIR invalide (longueur, caractères ou clé de contrôle)")
    verifier_nir_naissance(nir, date_naissance)
    code_insee = v["code_insee"].upper()
    if code_insee not in communes:
        raise ValueError(f"commune inconnue (code INSEE « {v['code_insee']} »)")
    if v["code_postal"] not in communes[code_insee]:
        raise ValueError(f"le code postal {v['code_postal']} ne dessert pas la commune {code_insee}")
    telephone = re.sub(r"[ .\-]", "", v["telephone"])
    if telephone and not _TELEPHONE.match(telephone):
        raise ValueError(f"téléphone invalide « {v['telephone']} »")
    email = v["email"].lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValueError(f"adresse électronique invalide « {v['email']} »") from None
    ouverture = _date(v["date_ouverture_droit"], "date d'ouverture du droit")
    if ouverture > aujourd_hui:
        raise ValueError(f"date d'ouverture du droit dans le futur « {v['date_ouverture_droit']} »")
    return LigneCAF(
        numero_ligne=numero_ligne,
        numero_allocataire=v["numero_allocataire"].upper(),
        organisme_payeur=organisme,
        role=role,
        nir=nir,
        nom_naissance=v["nom_naissance"],
        nom_usage=v["nom_usage"],
        prenoms=v["prenoms"],
        date_naissance=date_naissance,
        adresse=v["adresse"],
        code_postal=v["code_postal"],
        code_insee=code_insee,
        telephone=telephone,
        email=email,
        nb_personnes_foyer=_entier(v["nb_personnes_foyer"], "nombre de personnes au foyer", 1, 20, 1),
        nb_enfants=_entier(v["nb_enfants"], "nombre d'enfants", 0, 19, 0),
        date_ouverture_droit=ouverture,
    )


# --- The historical CSV as households (inscription.flux.modele) --------------------------------


def entete(examen):
    """The historical CSV says nothing of itself: a file of changes (it never closes what it does not
    name), without a creation date (so no order between two of them)."""
    return EnteteFlux(format=FormatFlux.CSV_PLATEFORME, type_flux=QUOTIDIEN, cree_le=None, encodage=examen.encodage)


def en_foyer(ligne):
    """A checked line as a household of one member (another line of the same allocataire number is its
    other member). The historical CSV lists the people to orient: its rights are open and its people
    subject to the droits et devoirs, as every import of it did before the households existed."""
    return FoyerLu(
        numero=ligne.numero_ligne,
        organisme=ligne.organisme_payeur,
        numero_allocataire=ligne.numero_allocataire,
        departement="",
        etat=EtatDroitRSA.OUVERT.value,
        membres=(
            MembreLu(
                role=ligne.role,
                nir=ligne.nir,
                nom_naissance=ligne.nom_naissance,
                nom_usage=ligne.nom_usage,
                prenoms=ligne.prenoms,
                date_naissance=ligne.date_naissance,
                soumis_droits_devoirs=True,
                telephone=ligne.telephone,
                email=ligne.email,
            ),
        ),
        date_ouverture=ligne.date_ouverture_droit,
        nb_personnes=ligne.nb_personnes_foyer,
        nb_enfants=ligne.nb_enfants,
        adresse=ligne.adresse,
        code_postal=ligne.code_postal,
        code_insee=ligne.code_insee,
    )
