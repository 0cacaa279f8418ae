"""Stored PDF documents (contract versions, sanction letters): their hash and how they are served."""

import hashlib

from django.http import HttpResponse


def empreinte(octets):
    """The SHA-256 of a document's bytes, in hexadecimal: what proves which document was sent or signed."""
    return hashlib.sha256(octets).hexdigest()


def reponse_pdf_stocke(fichier, nom, *, telechargement=False):
    """The stored PDF ``fichier`` (a FieldFile) as an HTTP response named ``nom``."""
    with fichier.open("rb") as ouvert:
        octets = ouvert.read()
    response = HttpResponse(octets, content_type="application/pdf")
    disposition = "attachment" if telechargement else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{nom}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
