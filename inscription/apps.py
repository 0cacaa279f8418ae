from django.apps import AppConfig


class InscriptionConfig(AppConfig):
    name = "inscription"
    verbose_name = "Inscription"

    def ready(self):
        # cycle: Django imports apps.py before any models module, and these modules import models.
        from francetravail.rendezvous import empechements

        # cycle: as above (models imported by the modules of this app).
        from inscription import a_attribuer, cessation, fiche, portefeuille, suivi_flux

        portefeuille.connecter()
        a_attribuer.connecter()
        fiche.connecter()
        suivi_flux.connecter()
        empechements.enregistrer("inscription_cessee", cessation.empechement_rendez_vous)
