from django.apps import AppConfig


class RendezvousConfig(AppConfig):
    name = "francetravail.rendezvous"
    label = "rendezvous"
    verbose_name = "Rendez-vous"

    def ready(self):
        from francetravail.rendezvous import portefeuille

        portefeuille.connecter()
