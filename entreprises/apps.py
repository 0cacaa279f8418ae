from django.apps import AppConfig

from francetravail import api_ressources


class EntreprisesConfig(AppConfig):
    name = "entreprises"
    verbose_name = "Entreprises"

    def ready(self):
        # The job-search profile follows the orientation, the contract's ORE and the person's
        # commune: signals from here, so that those apps need not know about matching.
        # cycle: app loading — models are not ready when this module is imported.
        from entreprises import fiche, profils

        profils.connecter()
        # The partners' API (/api/v1/offres/, /api/v1/candidatures/), mounted by the core without importing us.
        api_ressources.declarer("offres", "entreprises.api.views.OffreViewSet", basename="offre")
        api_ressources.declarer("candidatures", "entreprises.api.views.CandidatureViewSet", basename="candidature")
        fiche.connecter()
