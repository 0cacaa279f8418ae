"""Which reader a file needs, from its first bytes (never its name): an upload's format."""

from inscription.enums import FormatFlux
from inscription.flux import cnaf_xml

_BOM_ET_BLANCS = b"\xef\xbb\xbf \t\r\n"


def commence_par_du_xml(fichier):
    fichier.seek(0)
    debut = fichier.read(512).lstrip(_BOM_ET_BLANCS)
    fichier.seek(0)
    return debut.startswith(b"<")


def format_du_fichier(fichier):
    """``FormatFlux.TABLEUR`` for a CSV or XLSX, or the CNAF XML's schema (VRSB0801, VRSD0301) read from
    its header; ``FormatInvalide`` for an XML that is not a « bénéficiaires RSA » flow."""
    if not commence_par_du_xml(fichier):
        return FormatFlux.TABLEUR
    try:
        return cnaf_xml.decouper(fichier).entete.format
    finally:
        fichier.seek(0)
