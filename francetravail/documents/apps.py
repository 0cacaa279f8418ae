from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "francetravail.documents"
    label = "documents"
    verbose_name = "Pièces jointes (justificatifs, CV, scans)"
