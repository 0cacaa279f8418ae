from django.apps import AppConfig


class DonneesConfig(AppConfig):
    name = "francetravail.donnees"
    label = "donnees"
    verbose_name = "Données personnelles (conservation, copie du dossier, rectification)"

    def ready(self):
        # cycle: app loading — the queue's count imports models, loaded only after every app's config.
        from francetravail.donnees import a_faire

        a_faire.connecter()
