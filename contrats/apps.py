from django.apps import AppConfig


class ContratsConfig(AppConfig):
    name = "contrats"
    verbose_name = "Contrats d'engagement"

    def ready(self):
        # cycle: Django imports apps.py before models.py; portefeuille imports the models.
        from contrats import a_faire, fiche, parcours, portefeuille

        portefeuille.connecter()
        parcours.connecter()
        fiche.connecter()
        a_faire.connecter()
