from django.apps import AppConfig


class RendezvousConfig(AppConfig):
    name = "francetravail.rendezvous"
    label = "rendezvous"
    verbose_name = "Rendez-vous"

    def ready(self):
        # cycle: app loading — the portfolio column imports models, loaded only after every app's config.
        from francetravail.rendezvous import portefeuille, suivi_affichage

        portefeuille.connecter()
        suivi_affichage.connecter()
