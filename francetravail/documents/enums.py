from django.db import models


class NatureDocument(models.TextChoices):
    """Where the procedure needs a document (issue 21): each nature has its own readers."""

    OBSERVATIONS = "observations", "Justificatif joint à des observations"
    RECOURS = "recours", "Pièce jointe à un recours"
    ABSENCE_EXCUSEE = "absence_excusee", "Justificatif d'absence"
    CV = "cv", "CV joint à une candidature"
    SIGNATURE_PAPIER = "signature_papier", "Contrat signé sur papier (scan)"
    DIAGNOSTIC = "diagnostic", "Pièce justificative du diagnostic"


class TypeFichier(models.TextChoices):
    """Types accepted, as detected from the content (never the extension or the browser's word)."""

    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "Image JPEG"
    PNG = "image/png", "Image PNG"
