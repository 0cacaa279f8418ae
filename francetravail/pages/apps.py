from django.apps import AppConfig
from django.core import checks

from francetravail.base.stockage import verifier_stockage_prive


class PagesConfig(AppConfig):
    name = "francetravail.pages"
    label = "pages"
    verbose_name = "Pages et santé du service"

    def ready(self):
        # Deployment safety: documents never under a folder of static files, never given a URL.
        checks.register(verifier_stockage_prive, checks.Tags.security, deploy=False)
