from django.apps import AppConfig


class ReferentsConfig(AppConfig):
    name = "francetravail.referents"
    label = "referents"
    verbose_name = "Référents uniques et portefeuilles"
