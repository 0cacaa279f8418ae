"""What a document's content is, and that it opens.

1. The type is read from its bytes (``filetype``), never from its name or from what the browser says.
   Only PDF, JPEG and PNG are accepted; each nature may narrow that (``TYPES_PAR_NATURE``).
2. The file is then opened, not sniffed: a file that merely starts with the right bytes may be
   anything after them (generalised from the contract scan's check, ``contrats/scan.py``, which now
   calls these functions):

   - a PDF must end with its trailer (``%%EOF`` in the last kilobyte, as the PDF standard ends every
     file) and have a page tree that pypdf reads, with at least one page; a password-protected PDF is
     refused, nobody could read it;
   - a JPEG or a PNG must be recognised by Pillow as that format, pass ``verify()`` and decode in full
     (``load()``): a truncated or garbage body fails there. Decoding is bounded: more than
     ``PIXELS_MAX`` pixels (an A4 page scanned at 600 dpi is 35 million) is refused before decoding,
     and so is a decompression bomb.

Raises a ValidationError in French. Leaves the file at its start.
"""

import warnings

import filetype
from django.core.exceptions import ValidationError
from PIL import Image
from pypdf import PdfReader

from francetravail.documents.enums import NatureDocument, TypeFichier

TYPES_ACCEPTES = frozenset(TypeFichier.values)
# A CV may also be... a PDF or an image: the employer reads it in the browser. Every nature accepts the three.
TYPES_PAR_NATURE = dict.fromkeys(NatureDocument.values, TYPES_ACCEPTES)
OCTETS_LUS = 8192
PIXELS_MAX = 50_000_000
FIN_PDF = 1024
FORMATS_PILLOW = {TypeFichier.JPEG: "JPEG", TypeFichier.PNG: "PNG"}

REFUS_TYPE = "Ce fichier n'est pas un PDF, une image JPEG ou une image PNG : il n'a pas été enregistré."
REFUS_VIDE = "Ce fichier est vide : il n'a pas été enregistré."
REFUS_PDF = "Ce PDF est abîmé ou incomplet : il ne s'ouvre pas."
REFUS_PDF_CHIFFRE = "Ce PDF est protégé par un mot de passe : joignez un fichier sans protection."
REFUS_PDF_VIDE = "Ce PDF ne contient aucune page."
REFUS_IMAGE = "Cette image {format} est abîmée ou incomplète : elle ne s'ouvre pas."
REFUS_PIXELS = "Cette image est trop grande (plus de 50 millions de pixels) : réduisez sa résolution."


def type_du_contenu(fichier, nature=None):
    """The ``TypeFichier`` of ``fichier`` (a file object), read from its first bytes. Leaves it at its start."""
    fichier.seek(0)
    debut = fichier.read(OCTETS_LUS)
    fichier.seek(0)
    if not debut:
        raise ValidationError(REFUS_VIDE, code="vide")
    trouve = filetype.guess(debut)
    mime = trouve.mime if trouve else None
    acceptes = TYPES_PAR_NATURE.get(nature, TYPES_ACCEPTES)
    if mime not in acceptes:
        raise ValidationError(REFUS_TYPE, code="type")
    return TypeFichier(mime)


def verifier_contenu(fichier, nature=None):
    """The type from the content, then the file opened as that type. Returns the ``TypeFichier``."""
    type_fichier = type_du_contenu(fichier, nature)
    ouvrir(fichier, type_fichier)
    return type_fichier


def ouvrir(fichier, type_fichier, *, conseil=""):
    """Opens ``fichier`` as ``type_fichier``; ``conseil`` ends each refusal (what to do instead)."""
    try:
        if TypeFichier(type_fichier) == TypeFichier.PDF:
            ouvrir_pdf(fichier, conseil=conseil)
        else:
            ouvrir_image(fichier, FORMATS_PILLOW[TypeFichier(type_fichier)], conseil=conseil)
    finally:
        fichier.seek(0)


def _refus(message, conseil, code):
    return ValidationError(f"{message} {conseil}".strip(), code=code)


def ouvrir_pdf(fichier, *, conseil=""):
    taille = fichier.seek(0, 2)
    fichier.seek(max(taille - FIN_PDF, 0))
    if b"%%EOF" not in fichier.read():
        raise _refus(REFUS_PDF, conseil, "pdf")
    fichier.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf reports what it repairs; a failure is what counts
            lecteur = PdfReader(fichier, strict=False)
            if lecteur.is_encrypted:
                raise ValidationError(REFUS_PDF_CHIFFRE, code="pdf_chiffre")
            pages = len(lecteur.pages)
            for page in lecteur.pages:
                _ = page.mediabox  # each page object must resolve
    except ValidationError:
        raise
    except Exception:  # any failure to parse (pypdf raises many kinds on a damaged file) is a refusal
        raise _refus(REFUS_PDF, conseil, "pdf") from None
    finally:
        fichier.seek(0)
    if pages == 0:
        raise ValidationError(REFUS_PDF_VIDE, code="pdf_vide")


def ouvrir_image(fichier, format_, *, conseil=""):
    """``format_`` is Pillow's name (« JPEG », « PNG »)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            fichier.seek(0)
            with Image.open(fichier, formats=[format_]) as image:
                if image.width * image.height > PIXELS_MAX:
                    raise ValidationError(REFUS_PIXELS, code="pixels")
                image.verify()
            fichier.seek(0)
            with Image.open(fichier, formats=[format_]) as image:  # verify() leaves the image unusable
                image.load()
    except ValidationError:
        raise
    except Exception:  # UnidentifiedImageError, OSError (truncated), SyntaxError, bombs…: a refusal
        raise _refus(REFUS_IMAGE.format(format=format_), conseil, "image") from None
    finally:
        fichier.seek(0)
