from django.apps import AppConfig

from francetravail import api_routeur
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

        # cycle: as above (the API's views import models).
        from inscription.api import views as api
        from inscription.api import views_flux as api_flux  # cycle: as above

        portefeuille.connecter()
        a_attribuer.connecter()
        fiche.connecter()
        suivi_flux.connecter()
        fiche_rsa.connecter()
        droits_absents.connecter()
        empechements.enregistrer("inscription_cessee", cessation.empechement_rendez_vous)
        listes_rsa.connecter()
        empechements.enregistrer("droit_rsa_clos", listes_rsa.empechement_rendez_vous)
        # The API: a person's registration, the NIR search's lookup.
        api_routeur.enregistrer(
            r"personnes/(?P<personne_pk>[0-9]+)/inscription", api.InscriptionViewSet, basename="inscription"
        )
        api_routeur.enregistrer("flux-caf", api_flux.ImportFluxViewSet, basename="flux-caf")
        recherche_nir.brancher(api.condition_nir)
