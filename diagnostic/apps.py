from django.apps import AppConfig


class DiagnosticConfig(AppConfig):
    name = "diagnostic"
    verbose_name = "Diagnostic partagé"

    def ready(self):
        # cycle: Django imports apps.py before models.py; parcours imports the models.
        from diagnostic import fiche, parcours

        parcours.connecter()
        fiche.connecter()
