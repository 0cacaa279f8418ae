from django.apps import AppConfig


class MessagerieConfig(AppConfig):
    name = "francetravail.messagerie"
    label = "messagerie"
    verbose_name = "Messages entre la personne et son référent"
