"""Images are stored as Pillow re-encodes them, never as uploaded.

A photo of a proof carries what the person did not mean to send (EXIF: GPS position, device, date;
XMP; comments) and may carry bytes after the image that another program would read (a polyglot
file). Re-encoding decodes the pixels and writes a new file of the same type from them alone: the
orientation the camera recorded is applied first (so the image still shows upright), the colour
profile is kept (it is not about the person), everything else is dropped. PDFs are kept as they are
(rewriting them would change what was signed or sent): they are served as attachments with a strict
CSP (``views.telecharger``).
"""

import io
import warnings

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from francetravail.documents.enums import TypeFichier

QUALITE_JPEG = 90


def reencoder(fichier, type_fichier):
    """A new file (``ContentFile``) with the re-encoded image, or ``fichier`` itself for a PDF.
    ``fichier`` was checked (``verification.ouvrir``): it decodes, within the pixel bound."""
    type_fichier = TypeFichier(type_fichier)
    if type_fichier == TypeFichier.PDF:
        fichier.seek(0)
        return fichier
    format_ = "JPEG" if type_fichier == TypeFichier.JPEG else "PNG"
    fichier.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Image.open(fichier, formats=[format_]) as source:
            icc = source.info.get("icc_profile")
            image = ImageOps.exif_transpose(source)  # a copy, upright, without the orientation tag
    # The copy keeps the source's ``info`` (EXIF, XMP, comments, text chunks): only a palette's
    # transparency is about the pixels.
    image.info = {cle: valeur for cle, valeur in image.info.items() if cle == "transparency"}
    fichier.seek(0)
    sortie = io.BytesIO()
    options = {"icc_profile": icc} if icc else {}
    if format_ == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(sortie, format="JPEG", quality=QUALITE_JPEG, **options)
    else:
        image.save(sortie, format="PNG", optimize=False, **options)
    return ContentFile(sortie.getvalue(), name=getattr(fichier, "name", None))
