"""Reading a delimited text file by bounded physical lines: the platform's CSV and the départements' CSV exports.

Every fault is the fault of one line: a line that is too long, not in the file's encoding or badly
quoted is rejected with its number and its reason, and the reading goes on with the next line. A
line is never held whole beyond ``longueur_max`` bytes, and a quote left open cannot swallow the
lines after it (a field cannot hold a line break). Only an unreadable header stops the whole file.
"""

import csv
import re
from dataclasses import dataclass

from inscription.flux.modele import FormatInvalide

UTF8 = "utf-8"
WINDOWS_1252 = "cp1252"
NOMS_ENCODAGES = {UTF8: "UTF-8", WINDOWS_1252: "Windows-1252"}
BOM_UTF8 = b"\xef\xbb\xbf"
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


def lignes_physiques(fichier, longueur_max):
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


def vide(octets, separateur=";"):
    """A line with nothing but separators, quotes and blanks."""
    return not octets.strip(b' \t\r\n"' + separateur.encode())


def entete(fichier, longueur_max):
    """(first line without its BOM, whether it had a UTF-8 BOM); FormatInvalide if it cannot be a header."""
    premiere = next(lignes_physiques(fichier, longueur_max), None)
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
    if octets.startswith(BOM_UTF8):
        return octets[len(BOM_UTF8) :], True
    return octets, False


def examiner(fichier_binaire, *, longueur_max):
    """Reads the file once, by bounded lines: counts its data lines and decides its encoding.

    The encoding is that of the file, not of each line: UTF-8 (with or without BOM), or
    Windows-1252 (a superset of ISO-8859-1, declared by the CNAF's own files) when most of its
    non-ASCII lines are not UTF-8. A line in the other encoding is then rejected alone (``decoder``).
    """
    fichier_binaire.seek(0)
    _, bom = entete(fichier_binaire, longueur_max)
    nb_lignes = utf8 = autres = 0
    for _, octets, _trop_longue in lignes_physiques(fichier_binaire, longueur_max):
        if vide(octets):
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


def decoder(octets, encodage):
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


def cellules(texte, separateur=";"):
    """The cells of one line (fields quoted with ``"``), or raises ValueError in French."""
    if controle := _CONTROLE.search(texte):
        raise ValueError(f"caractère de contrôle (0x{ord(controle.group()):02X}) en position {controle.start() + 1}")
    if '"' not in texte:  # most lines: the csv module would split them the same way, slower
        return texte.split(separateur)
    try:
        return next(csv.reader((texte,), delimiter=separateur, strict=True))
    except csv.Error as exc:
        for debut, motif in _MOTIFS_CSV.items():
            if debut in str(exc):
                raise ValueError(f"ligne CSV mal formée : {motif}") from None
        raise ValueError("ligne CSV mal formée") from None


def separateur_de(texte):
    """``;`` or ``,``: the one the header line uses most (outside quotes); ``;`` when neither."""
    hors_guillemets = re.sub(r'"[^"]*"', "", texte)
    return "," if hors_guillemets.count(",") > hors_guillemets.count(";") else ";"


def pour_le_rapport(texte):
    # PostgreSQL text cannot hold NUL: the report shows it as the replacement character.
    return texte.replace("\x00", "\ufffd") if "\x00" in texte else texte
