from django.apps import AppConfig


class ParametresConfig(AppConfig):
    name = "francetravail.parametres"
    label = "parametres"
    verbose_name = "Paramètres légaux"
