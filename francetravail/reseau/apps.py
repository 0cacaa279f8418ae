from django.apps import AppConfig


class ReseauConfig(AppConfig):
    name = "francetravail.reseau"
    label = "reseau"
    verbose_name = "Réseau : territoires et organisations"

    def ready(self):
        # cycle: app loading — the signal handlers import models, loaded only after every app's config.
        from francetravail.reseau import signals

        signals.connecter()
