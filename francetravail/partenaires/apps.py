from django.apps import AppConfig


class PartenairesConfig(AppConfig):
    name = "francetravail.partenaires"
    label = "partenaires"
    verbose_name = "Logiciels partenaires (API et webhooks)"

    def ready(self):
        # The schema's description of the clients' authentication (drf-spectacular finds extensions on
        # import). In ready(), not at the top: it loads models, an import cycle with the app registry.
        from francetravail.partenaires import schema  # noqa: F401
