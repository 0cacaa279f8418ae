"""Which reader a file needs, from its first bytes, never its name (drop folder, command, uploads).

An XML flow says what it is by its content; a CSV or an XLSX export says nothing of its columns:
it needs the département's column mapping (``correspondance_par_defaut``).
"""

from inscription.enums import FormatFlux
from inscription.flux.cnaf_xml import decouper
from inscription.flux.modele import FormatInvalide
from inscription.flux_caf import COLONNES
from inscription.models import CorrespondanceColonnes

# Enough to tell a workbook, an XML document and a text file apart.
_DEBUT = 256 * 1024
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


class FormatInconnu(ValueError):
    """Neither an XML flow, nor an XLSX workbook, nor a text file (CSV): the reason is in French."""


def detecter_format(fichier_binaire):
    """The ``FormatFlux`` value ``fichier_binaire`` needs; rewinds it. Raises ``FormatInconnu``."""
    debut = fichier_binaire.read(_DEBUT)
    fichier_binaire.seek(0)
    if not debut.strip():
        raise FormatInconnu("Le fichier est vide.")
    if debut.startswith(b"PK\x03\x04"):
        return FormatFlux.TABLEUR  # an XLSX workbook is a zip archive
    texte = debut
    for bom in _BOMS:
        texte = texte.removeprefix(bom)
    if texte.lstrip().startswith(b"<"):
        # The reader's own header check (prolog, encoding, IdentificationFlux) and schema detection.
        try:
            return FormatFlux(decouper(fichier_binaire).entete.format)
        except FormatInvalide as exc:
            raise FormatInconnu(str(exc)) from None
        finally:
            fichier_binaire.seek(0)
    if b"\x00" in debut:
        raise FormatInconnu("Format non reconnu : ni un flux XML de la CNAF, ni un classeur XLSX, ni un fichier CSV.")
    if _entete_plateforme(texte):
        return FormatFlux.CSV_PLATEFORME
    return FormatFlux.TABLEUR


def _entete_plateforme(texte):
    """Whether the first line is the header of the platform's historical CSV (read without a mapping)."""
    premiere = texte.split(b"\n", 1)[0].strip().decode("ascii", "replace").lower()
    return tuple(c.strip().strip('"') for c in premiere.split(";")) == COLONNES


def correspondance_par_defaut(departement):
    """The column mapping a département's CSV/XLSX takes when none is named: its only one, else None.

    Several mappings (one per software, say) cannot be chosen between without a person: the file is
    then refused (drop folder) or the command asks for ``--correspondance``.
    """
    if departement is None:
        return None
    correspondances = list(CorrespondanceColonnes.objects.filter(departement=departement)[:2])
    return correspondances[0] if len(correspondances) == 1 else None


# --- An upload of the back-office or the admin: the person chooses the mapping --------------------

_BOM_ET_BLANCS = b"\xef\xbb\xbf \t\r\n"


def commence_par_du_xml(fichier):
    fichier.seek(0)
    debut = fichier.read(512).lstrip(_BOM_ET_BLANCS)
    fichier.seek(0)
    return debut.startswith(b"<")


def format_du_fichier(fichier):
    """``FormatFlux.TABLEUR`` for a CSV or XLSX (read with the mapping the person chose), or the CNAF XML's
    schema (VRSB0801, VRSD0301) read from its header; ``FormatInvalide`` for an XML that is not a
    « bénéficiaires RSA » flow."""
    if not commence_par_du_xml(fichier):
        return FormatFlux.TABLEUR
    try:
        return decouper(fichier).entete.format
    finally:
        fichier.seek(0)
