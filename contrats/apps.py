from django.apps import AppConfig


class ContratsConfig(AppConfig):
    name = "contrats"
    verbose_name = "Contrats d'engagement"

    def ready(self):
        from contrats import portefeuille

        portefeuille.connecter()
