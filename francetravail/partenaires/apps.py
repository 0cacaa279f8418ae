from django.apps import AppConfig


class PartenairesConfig(AppConfig):
    name = "francetravail.partenaires"
    label = "partenaires"
    verbose_name = "Logiciels partenaires (API et webhooks)"
