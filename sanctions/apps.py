from django.apps import AppConfig

from francetravail import api_ressources


class SanctionsConfig(AppConfig):
    name = "sanctions"
    verbose_name = "Manquements et sanctions"

    def ready(self):
        # cycle: Django imports apps.py before models.py; parcours imports the models.
        from sanctions import a_faire, fiche, parcours, rebonds

        parcours.connecter()
        # The partners' API (/api/v1/procedures/, /api/v1/manquements/), mounted by the core without importing us.
        api_ressources.declarer("procedures", "sanctions.api.views.ProcedureViewSet", basename="procedure")
        api_ressources.declarer("manquements", "sanctions.api.views.ManquementViewSet", basename="manquement")
        fiche.connecter()
        a_faire.connecter()
        # A letter whose announcing e-mail bounced is flagged to its sender (francetravail.notifications.rebonds).
        rebonds.connecter()
