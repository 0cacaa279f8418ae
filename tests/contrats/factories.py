"""Situations for the contrat d'engagement tests: a notified orientation, a published socle, a draft."""

import datetime
from decimal import Decimal

from django.utils import timezone

from contrats import actions
from contrats.enums import PorteurAction, TypeAction
from contrats.models import SocleDroitsDevoirs
from orientation.enums import Parcours, StatutDecision
from orientation.models import DecisionOrientation
from tests.factories import OrganisationFactory, PersonneFactory, professionnel


def socle(parcours=Parcours.PROFESSIONNEL, version=1, publie_le=None, texte="Vos droits et vos devoirs."):
    return SocleDroitsDevoirs.objects.create(
        parcours=parcours,
        version=version,
        texte=texte,
        obligations_parcours=f"Obligations du {parcours}.",
        voies_recours="Recours : médiation préalable, puis recours administratif dans les deux mois.",
        publie_le=publie_le or timezone.now() - datetime.timedelta(days=1),
    )


def orientation_notifiee(personne, *, organisme=None, parcours=Parcours.PROFESSIONNEL, notifiee_le=None, **kwargs):
    maintenant = timezone.now()
    return DecisionOrientation.objects.create(
        personne=personne,
        statut=StatutDecision.CONFIRMEE,
        explication="Orientation de test.",
        parcours_propose=parcours,
        parcours=parcours,
        organisme=organisme or personne.organisme_referent,
        decidee_le=notifiee_le or maintenant,
        notifiee_le=notifiee_le or maintenant,
        **kwargs,
    )


class Situation:
    """A person with an account, their organisme référent, a référent, a notified orientation, a socle."""

    def __init__(self, parcours=Parcours.PROFESSIONNEL, notifiee_le=None, **personne):
        self.organisme = OrganisationFactory()
        self.referent = professionnel(self.organisme)
        self.personne = PersonneFactory(avec_compte=True, organisme_referent=self.organisme, **personne)
        self.orientation = orientation_notifiee(self.personne, parcours=parcours, notifiee_le=notifiee_le)
        existant = SocleDroitsDevoirs.objects.filter(parcours=parcours).order_by("-version").first()
        self.socle = existant or socle(parcours)

    def brouillon(self):
        return actions.rediger(self.personne, acting_user=self.referent)

    def ajouter(self, contrat, heures, **champs):
        valeurs = {
            "type_action": TypeAction.FORMATION,
            "porteur": PorteurAction.PERSONNE,
            "description": "Formation de cariste",
            "debut": timezone.localdate(),
            "heures_hebdo": Decimal(heures),
            **champs,
        }
        return actions.ajouter_action(contrat, acting_user=self.referent, **valeurs)

    def soumis(self, heures="15"):
        contrat = self.brouillon()
        self.ajouter(contrat, heures)
        return actions.soumettre(contrat, acting_user=self.referent)

    def accepte(self):
        contrat = self.soumis()
        return actions.accepter(contrat, acting_user=self.personne.user)

    def signe(self):
        return actions.contresigner(self.accepte(), acting_user=self.referent)
