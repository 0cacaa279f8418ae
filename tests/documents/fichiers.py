"""Files for the documents' tests: EICAR, an executable renamed, images with metadata."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.fichiers import image_lisible, pdf_lisible

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
# The start of a Windows executable (the « MZ » header and the DOS stub's message).
EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"This program cannot be run in DOS mode.\r\n" * 20
)


def televerse(nom="justificatif.pdf", contenu=None, content_type="application/pdf"):
    return SimpleUploadedFile(nom, pdf_lisible() if contenu is None else contenu, content_type=content_type)


def jpeg_avec_exif(taille=(40, 20), orientation=6):
    """A JPEG carrying a GPS position, a camera model and an orientation (rotated 90°)."""
    image = Image.new("RGB", taille, "white")
    image.putpixel((0, 0), (255, 0, 0))
    exif = Image.Exif()
    exif[0x0110] = "Appareil de Camille"  # Model
    exif[0x0112] = orientation  # Orientation
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}  # GPSInfo
    sortie = io.BytesIO()
    image.save(sortie, format="JPEG", exif=exif, comment=b"commentaire prive")
    return sortie.getvalue()


def png_avec_texte_et_queue():
    """A PNG with a text chunk, and bytes after its end (a polyglot's hiding place)."""
    from PIL.PngImagePlugin import PngInfo

    infos = PngInfo()
    infos.add_text("Author", "Camille Martin")
    sortie = io.BytesIO()
    Image.new("RGB", (30, 30), "blue").save(sortie, format="PNG", pnginfo=infos)
    return sortie.getvalue() + b"<script>alert(1)</script>"


__all__ = ["EICAR", "EXECUTABLE", "image_lisible", "jpeg_avec_exif", "pdf_lisible", "png_avec_texte_et_queue"]
