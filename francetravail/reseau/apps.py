from django.apps import AppConfig


class ReseauConfig(AppConfig):
    name = "francetravail.reseau"
    label = "reseau"
    verbose_name = "Réseau : territoires et organisations"

    def ready(self):
        from francetravail.reseau import signals

        signals.connecter()
