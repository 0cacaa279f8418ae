from django.apps import AppConfig


class MessagerieConfig(AppConfig):
    name = "francetravail.messagerie"
    label = "messagerie"
    verbose_name = "Messages entre la personne et son référent"

    def ready(self):
        # cycle: app loading — the queue's count imports models, loaded only after every app's config.
        from francetravail.messagerie import a_faire

        a_faire.connecter()
