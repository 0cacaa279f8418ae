from django.apps import AppConfig


class AccompagnementConfig(AppConfig):
    name = "francetravail.accompagnement"
    label = "accompagnement"
    verbose_name = "Modalités d'accompagnement et portefeuilles"

    def ready(self):
        # cycle: app loading — the portfolio columns import models, loaded only after every app's config.
        from francetravail.accompagnement import portefeuille

        portefeuille.connecter()
