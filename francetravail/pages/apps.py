from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "francetravail.pages"
    label = "pages"
    verbose_name = "Pages et santé du service"
