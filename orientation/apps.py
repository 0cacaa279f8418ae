from django.apps import AppConfig

from inscription.signals import inscriptions_enregistrees


class OrientationConfig(AppConfig):
    name = "orientation"
    verbose_name = "Orientation"

    def ready(self):
        # cycle: Django imports apps.py before any models module, and these modules import models.
        from francetravail.invitations import limites  # cycle: as above (it imports the appointments' models)
        from francetravail.personnes.api import filters as filtres_api  # cycle: as above (it imports models)
        from francetravail.rendezvous import regles

        # cycle: as above (models imported by inscription.vie_du_droit).
        from inscription import vie_du_droit

        # cycle: as above (models imported by the modules of this app).
        from orientation import (
            a_attribuer,
            a_faire,
            actions,
            fiche,
            masse,
            parcours,
            portefeuille,
            premier_rdv,
            rebonds,
        )

        # cycle: as above (the API's filters import models).
        from orientation.api import filters as api_filtres

        portefeuille.connecter()
        portefeuille.connecter_premier_rdv()
        regles.brancher_reference(premier_rdv.reference)
        limites.brancher(premier_rdv.limites)
        parcours.connecter()
        a_attribuer.connecter()
        fiche.connecter()
        a_faire.connecter()
        # A decision whose e-mail bounced is flagged to its decider (francetravail.notifications.rebonds).
        rebonds.connecter()
        # A household the CAF/MSA flow moves to another département: its members' files are transferred.
        vie_du_droit.brancher_transfert("orientation.transfert", actions.transferer_depuis_le_flux)
        inscriptions_enregistrees.connect(masse.proposer_apres_inscription, dispatch_uid="orientation.proposer")
        # The API: the people list's « oriented to us since ».
        filtres_api.brancher_oriente_depuis(api_filtres.orientes_depuis)
