"""Real files for the tests that upload a scan: a PDF that parses, a PNG and a JPEG that decode.

The scan check opens what it is given (``contrats.scan``); a few magic bytes are not a scan any more.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter


def pdf_lisible(pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)  # A4 in points
    sortie = io.BytesIO()
    writer.write(sortie)
    return sortie.getvalue()


def image_lisible(format_="PNG", taille=(40, 60), mode="RGB"):
    sortie = io.BytesIO()
    Image.new(mode, taille, "white").save(sortie, format=format_)
    return sortie.getvalue()


def scan(nom="contrat.pdf", contenu=None):
    """An uploaded scan named ``nom``: a readable file of the kind its extension says, unless ``contenu``."""
    if contenu is None:
        extension = nom.rsplit(".", 1)[-1].lower()
        contenu = {"png": image_lisible("PNG"), "jpg": image_lisible("JPEG"), "jpeg": image_lisible("JPEG")}.get(
            extension
        ) or pdf_lisible()
    types = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}
    return SimpleUploadedFile(nom, contenu, content_type=types.get(nom.rsplit(".", 1)[-1].lower(), "application/pdf"))
