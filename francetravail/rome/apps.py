from django.apps import AppConfig


class RomeConfig(AppConfig):
    name = "francetravail.rome"
    label = "rome"
    verbose_name = "Référentiel ROME 4.0 (métiers)"
