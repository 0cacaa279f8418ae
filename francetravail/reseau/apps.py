from django.apps import AppConfig


class ReseauConfig(AppConfig):
    name = "francetravail.reseau"
    label = "reseau"
    verbose_name = "Réseau : territoires et organisations"
