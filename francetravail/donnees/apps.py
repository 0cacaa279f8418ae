from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class DonneesConfig(AppConfig):
    name = "francetravail.donnees"
    label = "donnees"
    verbose_name = "Données personnelles (conservation, copie du dossier, rectification)"

    def ready(self):
        # Each app declares its retention hooks in its ``conservation`` module (francetravail/donnees/registre.py).
        autodiscover_modules("conservation")
        # cycle: app loading — the queue's count imports models, loaded only after every app's config.
        from francetravail.donnees import a_faire

        a_faire.connecter()
