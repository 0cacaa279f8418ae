from django.apps import AppConfig


class InscriptionConfig(AppConfig):
    name = "inscription"
    verbose_name = "Inscription"
