"""What the scan of a contract signed on paper must be: a PDF that opens, a JPEG or PNG that decodes.

The scan is the proof of a signature, read later by the team: a file that merely starts with the
right eight bytes (what was checked before) may be anything after them. So the file is opened:

- a PDF must start with its header and parse (pypdf), with at least one page and no password;
- a JPEG or a PNG must be recognised by Pillow as that format and decode in full.

The opening itself is the documents' one (``francetravail.documents.verification.ouvrir_pdf`` /
``ouvrir_image``, where it was generalised for every attached document); this module adds what is
the scan's own: the extension must say the same as the content, and its refusals advise to scan again.

Bounds: 10 Mo (the upload), 50 million pixels (an A4 page scanned at 600 dpi is 35 million;
decoding is bounded in memory and a decompression bomb is refused before decoding).
"""

from pathlib import PurePath

from django.core.exceptions import ValidationError

from francetravail.documents.verification import PIXELS_MAX, ouvrir_image, ouvrir_pdf

TAILLE_MAX_SCAN = 10 * 1024 * 1024
PIXELS_MAX_SCAN = PIXELS_MAX
EXTENSIONS_SCAN = {".pdf": "PDF", ".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
_SIGNATURES = {"PDF": b"%PDF-", "JPEG": b"\xff\xd8\xff", "PNG": b"\x89PNG\r\n\x1a\n"}
CONSEIL = "Numérisez de nouveau le contrat signé."

REFUS_EXTENSION = "Le scan doit être un fichier PDF, JPEG ou PNG."
REFUS_TAILLE = "Le scan dépasse 10 Mo : réduisez sa résolution."
REFUS_TYPE = "Ce fichier n'est pas un PDF, un JPEG ou un PNG lisible."


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
    ouvrir_pdf(scan, conseil=CONSEIL)


def _verifier_image(scan, format_):
    ouvrir_image(scan, format_, conseil=CONSEIL)
