from django.apps import AppConfig

from francetravail import api_ressources


class ContratsConfig(AppConfig):
    name = "contrats"
    verbose_name = "Contrats d'engagement"

    def ready(self):
        # cycle: Django imports apps.py before models.py; portefeuille imports the models.
        from contrats import a_faire, fiche, parcours, portefeuille

        portefeuille.connecter()
        # The partners' API (/api/v1/contrats/), mounted by the core without importing this app.
        api_ressources.declarer("contrats", "contrats.api.views.ContratViewSet", basename="contrat")
        parcours.connecter()
        fiche.connecter()
        a_faire.connecter()
