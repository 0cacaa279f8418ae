from django.apps import AppConfig

from francetravail.personnes.api import recherche_nir


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
        from inscription.api import views as api  # cycle: as above (its views import models)

        portefeuille.connecter()
        a_attribuer.connecter()
        fiche.connecter()
        suivi_flux.connecter()
        fiche_rsa.connecter()
        droits_absents.connecter()
        empechements.enregistrer("inscription_cessee", cessation.empechement_rendez_vous)
        listes_rsa.connecter()
        empechements.enregistrer("droit_rsa_clos", listes_rsa.empechement_rendez_vous)
        # The API's NIR search: its lookup in the registrations.
        recherche_nir.brancher(api.condition_nir)
