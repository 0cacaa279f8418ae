from django.apps import AppConfig


class InscriptionConfig(AppConfig):
    name = "inscription"
    verbose_name = "Inscription"

    def ready(self):
        # cycle: Django imports apps.py before any models module, and these modules import models.
        from francetravail.rendezvous import empechements

        # cycle: as above (models imported by the modules of this app).
        from inscription import (
            a_attribuer,
            cessation,
            droits_absents,
            fiche,
            fiche_rsa,
            listes_rsa,
            portefeuille,
            suivi_flux,
        )

        portefeuille.connecter()
        a_attribuer.connecter()
        fiche.connecter()
        suivi_flux.connecter()
        fiche_rsa.connecter()
        droits_absents.connecter()
        empechements.enregistrer("inscription_cessee", cessation.empechement_rendez_vous)
        listes_rsa.connecter()
        empechements.enregistrer("droit_rsa_clos", listes_rsa.empechement_rendez_vous)
