from django.apps import AppConfig


class InscriptionConfig(AppConfig):
    name = "inscription"
    verbose_name = "Inscription"

    def ready(self):
        from francetravail.rendezvous import empechements
        from inscription import cessation, portefeuille

        portefeuille.connecter()
        empechements.enregistrer("inscription_cessee", cessation.empechement_rendez_vous)
