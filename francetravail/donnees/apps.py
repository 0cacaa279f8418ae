from django.apps import AppConfig


class DonneesConfig(AppConfig):
    name = "francetravail.donnees"
    label = "donnees"
    verbose_name = "Données personnelles (conservation, copie du dossier, rectification)"
