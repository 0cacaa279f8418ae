from django.apps import AppConfig


class PersonnesConfig(AppConfig):
    name = "francetravail.personnes"
    label = "personnes"
    verbose_name = "Personnes accompagnées"
