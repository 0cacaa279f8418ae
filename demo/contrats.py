"""Demo of the contract for ``make run`` (idempotent, like the rest of the seed), after the orientation
(``demo.orientation``) and the diagnostic (``demo.diagnostic``) it follows.

Marie Dupont: oriented, a diagnostic started, a 15-hour contract submitted to her —
she accepts it (or asks for changes) in her space. Julien Blanc: a signed contract,
his activity declared for last week, a message from his référent.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from contrats import actions as contrats
from contrats import suivi
from contrats.enums import PorteurAction, StatutContrat, TypeAction
from demo.diagnostic import diagnostic_commence
from demo.orientation import orientation_notifiee
from francetravail.messagerie.actions import envoyer_message
from francetravail.personnes.models import Personne

PLAN = [
    (TypeAction.FORMATION, PorteurAction.PERSONNE, "Formation CACES R489 (chariots élévateurs)", "9"),
    (TypeAction.RECHERCHE_EMPLOI, PorteurAction.PERSONNE, "Candidatures auprès des entrepôts de la métropole", "4"),
    (TypeAction.ATELIER_COLLECTIF, PorteurAction.ORGANISME, "Atelier « Réussir son entretien d'embauche »", "2"),
]


def _contrat(personne, referent, *, signer):
    contrat = contrats.rediger(personne, acting_user=referent)
    if contrat.statut == StatutContrat.BROUILLON and not contrat.versions.exists():
        if not contrat.actions.exists():
            for type_action, porteur, description, heures in PLAN:
                contrats.ajouter_action(
                    contrat,
                    acting_user=referent,
                    type_action=type_action,
                    porteur=porteur,
                    description=description,
                    debut=timezone.localdate(),
                    heures_hebdo=Decimal(heures),
                )
        contrats.fixer_ore(contrat, acting_user=referent, metiers=["N1103"], zone="Métropole lilloise, 30 km")
        contrat = contrats.soumettre(contrat, acting_user=referent)
    if signer and contrat.statut == StatutContrat.SOUMIS:
        contrat = contrats.accepter(contrat, acting_user=personne.user)
    if signer and contrat.statut == StatutContrat.ACCEPTE:
        contrat = contrats.contresigner(contrat, acting_user=referent)
    return contrat


def _activite(contrat, personne):
    semaine = timezone.localdate() - datetime.timedelta(days=7)
    if contrat.statut != StatutContrat.SIGNE or contrat.declarations.exists():
        return
    heures = {a.pk: a.heures_hebdo for a in contrat.actions.all()}
    suivi.declarer_semaine(contrat, acting_user=personne.user, semaine=semaine, heures=heures)


def charger_demo_contrats(organisme, referent):
    for nom, signer in [("Dupont", False), ("Blanc", True)]:
        personne = Personne.objects.get(nom_naissance=nom, organisme_referent=organisme)
        orientation_notifiee(personne, organisme)
        diagnostic_commence(personne, referent)
        contrat = _contrat(personne, referent, signer=signer)
        _activite(contrat, personne)
    julien = Personne.objects.get(nom_naissance="Blanc", organisme_referent=organisme)
    if not julien.messages.exists():
        envoyer_message(
            julien, acting_user=referent, corps="Bonjour, votre contrat est signé. À bientôt pour le point d'étape."
        )
