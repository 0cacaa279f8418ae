"""What the scan of a contract signed on paper must be: a PDF that opens, a JPEG or PNG that decodes.

The scan is the proof of a signature, read later by the team: a file that merely starts with the
right eight bytes (what was checked before) may be anything after them. So the file is opened:

- a PDF must start with its header, end with its trailer (``%%EOF`` in the last kilobyte, as the
  PDF standard ends every file) and have a page tree that pypdf reads, with at least one page; a
  password-protected PDF is refused, the team could not read it. pypdf (pure Python, already the
  tests' PDF reader) is a main dependency for this: a header/trailer check alone would pass a
  file whose body is garbage;
- a JPEG or a PNG must be recognised by Pillow as that format, pass ``verify()`` and decode in
  full (``load()``): a truncated or garbage body fails there. Pillow is WeasyPrint's dependency,
  now declared in ours since we import it.

Bounds: 10 Mo (the upload), 50 million pixels (an A4 page scanned at 600 dpi is 35 million;
decoding is bounded in memory and a decompression bomb is refused before decoding).
"""

import warnings
from pathlib import PurePath

from django.core.exceptions import ValidationError
from PIL import Image
from pypdf import PdfReader

TAILLE_MAX_SCAN = 10 * 1024 * 1024
PIXELS_MAX_SCAN = 50_000_000
EXTENSIONS_SCAN = {".pdf": "PDF", ".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
_SIGNATURES = {"PDF": b"%PDF-", "JPEG": b"\xff\xd8\xff", "PNG": b"\x89PNG\r\n\x1a\n"}
_FIN_PDF = 1024

REFUS_EXTENSION = "Le scan doit être un fichier PDF, JPEG ou PNG."
REFUS_TAILLE = "Le scan dépasse 10 Mo : réduisez sa résolution."
REFUS_TYPE = "Ce fichier n'est pas un PDF, un JPEG ou un PNG lisible."
REFUS_PDF = "Ce PDF est abîmé ou incomplet : il ne s'ouvre pas. Numérisez de nouveau le contrat signé."
REFUS_PDF_CHIFFRE = "Ce PDF est protégé par un mot de passe : joignez un scan sans protection."
REFUS_PDF_VIDE = "Ce PDF ne contient aucune page."
REFUS_IMAGE = (
    "Cette image {format} est abîmée ou incomplète : elle ne s'ouvre pas. Numérisez de nouveau le contrat signé."
)
REFUS_PIXELS = "Cette image est trop grande (plus de 50 millions de pixels) : réduisez sa résolution."


def verifier_scan(scan):
    """Raises a ValidationError in French unless ``scan`` (an uploaded file) is a readable PDF, JPEG
    or PNG of the kind its extension says. Leaves the file at its start."""
    format_ = EXTENSIONS_SCAN.get(PurePath(scan.name or "").suffix.lower())
    if format_ is None:
        raise ValidationError(REFUS_EXTENSION)
    if scan.size > TAILLE_MAX_SCAN:
        raise ValidationError(REFUS_TAILLE)
    try:
        scan.seek(0)
        if not scan.read(len(_SIGNATURES[format_])) == _SIGNATURES[format_]:
            raise ValidationError(REFUS_TYPE)
        scan.seek(0)
        if format_ == "PDF":
            _verifier_pdf(scan)
        else:
            _verifier_image(scan, format_)
    finally:
        scan.seek(0)


def _verifier_pdf(scan):
    scan.seek(max(scan.size - _FIN_PDF, 0))
    if b"%%EOF" not in scan.read():
        raise ValidationError(REFUS_PDF)
    scan.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypdf reports what it repairs; a failure is what counts
            lecteur = PdfReader(scan, strict=False)
            if lecteur.is_encrypted:
                raise ValidationError(REFUS_PDF_CHIFFRE)
            pages = len(lecteur.pages)
            for page in lecteur.pages:
                _ = page.mediabox  # each page object must resolve
    except ValidationError:
        raise
    except Exception:  # any failure to parse (pypdf raises many kinds on a damaged file) is a refusal
        raise ValidationError(REFUS_PDF) from None
    if pages == 0:
        raise ValidationError(REFUS_PDF_VIDE)


def _verifier_image(scan, format_):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(scan, formats=[format_]) as image:
                if image.width * image.height > PIXELS_MAX_SCAN:
                    raise ValidationError(REFUS_PIXELS)
                image.verify()
            scan.seek(0)
            with Image.open(scan, formats=[format_]) as image:  # verify() leaves the image unusable
                image.load()
    except ValidationError:
        raise
    except Exception:  # UnidentifiedImageError, OSError (truncated), SyntaxError, bombs…: a refusal
        raise ValidationError(REFUS_IMAGE.format(format=format_)) from None
