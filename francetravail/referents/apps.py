from django.apps import AppConfig


class ReferentsConfig(AppConfig):
    name = "francetravail.referents"
    label = "referents"
    verbose_name = "Référents uniques et portefeuilles"

    def ready(self):
        # cycle: app loading — the queue's count imports models, loaded only after every app's config.
        from francetravail.referents import a_faire

        a_faire.connecter()
