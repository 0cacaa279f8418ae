"""The whole demo of ``make run``, app after app in journey order, in one transaction (idempotent: each
module finds its objects by a stable key before creating them, so running the seed twice changes nothing)."""

from django.db import transaction

from demo.a_faire import charger_demo_a_faire
from demo.accompagnement import charger_demo_accompagnement
from demo.agenda import charger_demo_agenda
from demo.api import charger_demo_api
from demo.contrats import charger_demo_contrats
from demo.demenagement import charger_demo_demenagement
from demo.donnees import (
    charger_demo_conservation,
    charger_demo_droits,
    charger_demo_justificatif_absence,
    charger_demo_rectification_prolongee,
)
from demo.droits_rsa import charger_demo_droits_rsa
from demo.entreprises import charger_demo_entreprise, charger_demo_offre, charger_demo_profil
from demo.fiche import charger_demo_fiche
from demo.flux import charger_demo_flux
from demo.implications import charger_demo_implications
from demo.inscription import charger_demo_fin_accompagnement
from demo.invitations import charger_demo_invitations
from demo.notifications_centre import charger_demo_notifications
from demo.referents import charger_demo_referents
from demo.reseau import charger_reseau, trouver_personne
from demo.sanctions import charger_demo_fin_droit, charger_demo_recours_sans_adresse
from demo.suivi_formulations import charger_demo_suivi_formulations
from francetravail.parametres.loader import charger_parametres
from francetravail.personnes.models import Personne


@transaction.atomic
def charger_demo():
    charger_parametres()
    reseau = charger_reseau()
    lille = reseau.organisations["ft-lille"]
    pros = reseau.professionnels

    charger_demo_contrats(lille, pros["conseiller"])
    charger_demo_fin_accompagnement(lille, pros["conseiller"])
    charger_demo_accompagnement(lille, pros)
    charger_demo_agenda(lille, pros["conseiller"], pros["responsable.equipe"])
    charger_demo_demenagement(lille, pros["conseiller"], reseau.organisations["ft-arras"])
    charger_demo_droits_rsa(lille, pros["conseiller"])

    entreprise = charger_demo_entreprise(reseau.employeur, lille, pros["conseiller"])
    charger_demo_offre(entreprise, reseau.employeur)
    charger_demo_profil(Personne.objects.get(user=reseau.comptes_personnes["Blanc"]))

    charger_demo_recours_sans_adresse(
        trouver_personne("Faure", "Thomas"), pros["travailleur.social"], pros["decideur"]
    )
    charger_demo_fin_droit(
        trouver_personne("Mercier", "Nathalie"), pros["travailleur.social"], pros["decideur"], pros["equipe.pluri"]
    )
    charger_demo_notifications(
        reseau.comptes_personnes["Dupont"], pros["conseiller"], trouver_personne("Dupont", "Marie"), lille
    )
    charger_demo_referents(
        lille, pros["responsable.equipe"], [pros["conseiller"], pros["conseiller.equipe"], pros["conseiller.renfort"]]
    )
    charger_demo_fiche(trouver_personne("Dupont", "Marie"), reseau.organisations["ml-lille"], pros["conseiller"])
    charger_demo_implications(
        trouver_personne("Dupont", "Marie"),
        trouver_personne("Blanc", "Julien"),
        reseau.organisations["cd-nord"],
        pros["conseiller"],
        pros["travailleur.social"],
    )
    charger_demo_a_faire(
        lille, trouver_personne("Dupont", "Marie"), trouver_personne("Blanc", "Julien"), pros["conseiller"]
    )
    charger_demo_flux("59", pros["admin.departement"])
    charger_demo_suivi_formulations("59", pros["admin.departement"])
    charger_demo_invitations(lille, pros["conseiller"])
    charger_demo_api(reseau.organisations["cd-nord"], pros["admin.departement"], trouver_personne("Faure", "Thomas"))
    charger_demo_justificatif_absence(trouver_personne("Blanc", "Julien"))
    charger_demo_droits(trouver_personne("Dupont", "Marie"))
    charger_demo_rectification_prolongee(trouver_personne("Blanc", "Julien"), pros["conseiller"])
    # Last: the retention sweep runs over everything the seed made (demo/donnees.py).
    charger_demo_conservation(lille)
