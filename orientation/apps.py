from django.apps import AppConfig


class OrientationConfig(AppConfig):
    name = "orientation"
    verbose_name = "Orientation"

    def ready(self):
        from orientation import portefeuille

        portefeuille.connecter()
        portefeuille.connecter_premier_rdv()
