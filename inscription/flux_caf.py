"""Reading and checking the CAF/MSA flow, line by line (format: inscription/docs/format_flux_caf.md).

Pure functions: no database access here, so that the checks are fast and easy to
test. ``inscription/import_caf.py`` writes what they accept.

Every fault is the fault of one line: a line that is too long, not in the file's encoding, badly
quoted or with the wrong number of columns is rejected with its number and its reason, and the
reading goes on with the next line. Only an unreadable header stops the whole file.
"""

import csv
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from stdnum.fr import nir as stdnum_nir

from inscription.enums import EtatDroitRSA, FormatFlux, OrganismePayeur, RoleFoyer
from inscription.flux.modele import QUOTIDIEN, EnteteFlux, FoyerLu, MembreLu
from inscription.regles import MESSAGE_PREMIER_CHIFFRE, premier_chiffre_valide

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


class FormatInvalide(Exception):
    """The file as a whole cannot be read (empty, header): nothing is imported."""


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


UTF8 = "utf-8"
WINDOWS_1252 = "cp1252"
NOMS_ENCODAGES = {UTF8: "UTF-8", WINDOWS_1252: "Windows-1252"}
_BOM_UTF8 = b"\xef\xbb\xbf"
_BOMS_UTF16 = (b"\xff\xfe", b"\xfe\xff")
_CONTROLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
_MOTIFS_CSV = {
    "unexpected end of data": "guillemet ouvert et jamais fermé (un champ ne peut contenir de retour à la ligne)",
    "expected after": 'texte après un guillemet fermant (doublez un guillemet dans un champ : "")',
}


@dataclass(frozen=True, slots=True)
class Examen:
    """What a first reading of the whole file tells: its data lines and its encoding."""

    nb_lignes: int
    encodage: str


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


def _lignes_physiques(fichier, longueur_max):
    """Yields (line number, bytes without the end of line, too long) for each line of the file.

    A line is never held whole beyond ``longueur_max`` bytes: past it, its first bytes are kept
    (for the report) and the rest is read through in bounded chunks, so a file of one huge line
    costs no memory. Lines end with LF or CRLF.
    """
    numero = 0
    while morceau := fichier.readline(longueur_max + 2):  # room for CRLF
        numero += 1
        if morceau.endswith(b"\n"):
            contenu = morceau[:-2] if morceau.endswith(b"\r\n") else morceau[:-1]
            yield numero, contenu, len(contenu) > longueur_max
        elif len(morceau) < longueur_max + 2:  # the last line, without an end of line
            yield numero, morceau, len(morceau) > longueur_max
        else:
            while (suite := fichier.readline(1 << 16)) and not suite.endswith(b"\n"):
                pass
            yield numero, morceau[:longueur_max], True


def _vide(octets):
    return not octets.strip(b' \t\r\n;"')


def _entete(fichier, longueur_max):
    """(first line without its BOM, whether it had a UTF-8 BOM); FormatInvalide if it cannot be a header."""
    premiere = next(_lignes_physiques(fichier, longueur_max), None)
    if premiere is None:
        raise FormatInvalide("Le fichier est vide.")
    _, octets, trop_longue = premiere
    if octets.startswith(_BOMS_UTF16):
        raise FormatInvalide("Le fichier est encodé en UTF-16 : enregistrez-le en UTF-8 (ou Windows-1252).")
    if trop_longue:
        raise FormatInvalide(
            f"L'en-tête dépasse {longueur_max} octets : ce n'est pas un fichier du flux CAF/MSA "
            "(une ligne d'en-tête, puis une ligne par personne)."
        )
    if octets.startswith(_BOM_UTF8):
        return octets[len(_BOM_UTF8) :], True
    return octets, False


def examiner(fichier_binaire, *, longueur_max):
    """Reads the file once, by bounded lines: counts its data lines and decides its encoding.

    The encoding is that of the file, not of each line: UTF-8 (with or without BOM), or
    Windows-1252 (a superset of ISO-8859-1, declared by the CNAF's own files) when most of its
    non-ASCII lines are not UTF-8. A line in the other encoding is then rejected alone (``lire``).
    """
    fichier_binaire.seek(0)
    _, bom = _entete(fichier_binaire, longueur_max)
    nb_lignes = utf8 = autres = 0
    for _, octets, _trop_longue in _lignes_physiques(fichier_binaire, longueur_max):
        if _vide(octets):
            continue
        nb_lignes += 1
        if not octets.isascii():
            try:
                octets.decode(UTF8)
                utf8 += 1
            except UnicodeDecodeError:
                autres += 1
    fichier_binaire.seek(0)
    return Examen(nb_lignes=nb_lignes, encodage=UTF8 if bom or autres <= utf8 else WINDOWS_1252)


def _decoder(octets, encodage):
    """The text of a line, or raises ValueError (in French) when it is not in the file's encoding."""
    try:
        texte = octets.decode(encodage)
    except UnicodeDecodeError as exc:
        octet = octets[exc.start]
        raise ValueError(
            f"la ligne n'est pas en {NOMS_ENCODAGES[encodage]} comme le reste du fichier "
            f"(octet 0x{octet:02X} en position {exc.start + 1})"
        ) from None
    if encodage == WINDOWS_1252 and not octets.isascii():
        try:
            octets.decode(UTF8)
        except UnicodeDecodeError:
            pass
        else:
            raise ValueError("la ligne est en UTF-8 alors que le reste du fichier est en Windows-1252")
    return texte


def _cellules(texte):
    """The cells of one line (``;``, fields quoted with ``"``), or raises ValueError in French."""
    if controle := _CONTROLE.search(texte):
        raise ValueError(f"caractère de contrôle (0x{ord(controle.group()):02X}) en position {controle.start() + 1}")
    if '"' not in texte:  # most lines: the csv module would split them the same way, slower
        return texte.split(";")
    try:
        return next(csv.reader((texte,), delimiter=";", strict=True))
    except csv.Error as exc:
        for debut, motif in _MOTIFS_CSV.items():
            if debut in str(exc):
                raise ValueError(f"ligne CSV mal formée : {motif}") from None
        raise ValueError("ligne CSV mal formée") from None


def _pour_le_rapport(texte):
    # PostgreSQL text cannot hold NUL: the report shows it as the replacement character.
    return texte.replace("\x00", "\ufffd") if "\x00" in texte else texte


def lire(fichier_binaire, *, encodage=UTF8, longueur_max=4096):
    """Yields a ``LigneLue`` for each data line (blank lines skipped), in the file's order.

    Each line is decoded and parsed on its own: a fault (encoding, length, CSV) rejects that
    line only, and a quote left open cannot swallow the lines after it. Raises FormatInvalide
    when the header cannot be read or lacks columns.
    """
    fichier_binaire.seek(0)
    octets, bom = _entete(fichier_binaire, longueur_max)
    try:
        entete = _cellules(_decoder(octets, UTF8 if bom else encodage))
    except ValueError as exc:
        raise FormatInvalide(f"L'en-tête est illisible : {exc}.") from None
    entete = [c.strip().lower() for c in entete]
    manquantes = [c for c in COLONNES if c not in entete]
    if manquantes:
        raise FormatInvalide(f"Colonnes manquantes dans l'en-tête : {', '.join(manquantes)}.")
    for numero, octets, trop_longue in _lignes_physiques(fichier_binaire, longueur_max):
        numero += 1  # the header was line 1
        if _vide(octets):
            continue
        if trop_longue:
            motif = f"ligne trop longue : plus de {longueur_max} octets"
            yield LigneLue(numero, _pour_le_rapport(octets.decode(encodage, errors="replace")), None, motif)
            continue
        try:
            texte = _decoder(octets, encodage)
        except ValueError as exc:
            yield LigneLue(numero, _pour_le_rapport(octets.decode(encodage, errors="replace")), None, str(exc))
            continue
        brut = _pour_le_rapport(texte)
        try:
            cellules = _cellules(texte)
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
    _nir_conforme_a_la_naissance(nir, date_naissance)
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


def _nir_conforme_a_la_naissance(nir, date_naissance):
    # Positions 2-3: year of birth; 4-5: month (20 and above, or 99, when unknown at registration).
    if nir[1:3] != f"{date_naissance.year % 100:02d}":
        raise ValueError("le NIR ne correspond pas à l'année de naissance")
    mois = int(nir[3:5])
    if mois <= 12 and mois != date_naissance.month:
        raise ValueError("le NIR ne correspond pas au mois de naissance")


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
