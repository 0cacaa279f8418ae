from django.apps import AppConfig


class SanctionsConfig(AppConfig):
    name = "sanctions"
    verbose_name = "Manquements et sanctions"

    def ready(self):
        # cycle: Django imports apps.py before models.py; parcours imports the models.
        from sanctions import a_faire, fiche, parcours, rebonds

        parcours.connecter()
        fiche.connecter()
        a_faire.connecter()
        # A letter whose announcing e-mail bounced is flagged to its sender (francetravail.notifications.rebonds).
        rebonds.connecter()
