from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data of ``make run``, at the composition level: it seeds every app through its real actions,
    so that the core (``francetravail/``) need not know the domain apps. No models."""

    name = "demo"
    verbose_name = "Données de démonstration"
