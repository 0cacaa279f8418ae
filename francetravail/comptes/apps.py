from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "francetravail.comptes"
    label = "comptes"
    verbose_name = "Comptes"
