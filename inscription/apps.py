from django.apps import AppConfig


class InscriptionConfig(AppConfig):
    name = "inscription"
    verbose_name = "Inscription"

    def ready(self):
        from inscription import portefeuille

        portefeuille.connecter()
