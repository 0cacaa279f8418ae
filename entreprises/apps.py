from django.apps import AppConfig


class EntreprisesConfig(AppConfig):
    name = "entreprises"
    verbose_name = "Entreprises"

    def ready(self):
        # The job-search profile follows the orientation, the contract's ORE and the person's
        # commune: signals from here, so that those apps need not know about matching.
        # cycle: app loading — models are not ready when this module is imported.
        from entreprises import fiche, profils

        profils.connecter()
        fiche.connecter()
