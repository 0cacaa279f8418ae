from django.apps import AppConfig


class OrientationConfig(AppConfig):
    name = "orientation"
    verbose_name = "Orientation"

    def ready(self):
        from orientation import portefeuille

        portefeuille.connecter()
        portefeuille.connecter_premier_rdv()

        from francetravail.rendezvous import regles
        from orientation import premier_rdv

        regles.brancher_reference(premier_rdv.reference)

        from inscription.signals import inscriptions_enregistrees
        from orientation.masse import proposer_apres_inscription

        inscriptions_enregistrees.connect(proposer_apres_inscription, dispatch_uid="orientation.proposer")
