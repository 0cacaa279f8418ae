"""Demo of the orientation for ``make run`` (idempotent): the people of the contract demo were oriented ten
days ago towards a professional path with France Travail, the step the diagnostic and the contract follow."""

import datetime

from django.utils import timezone

from orientation.enums import Parcours, StatutDecision, TypeOrganismeReferent
from orientation.models import DecisionOrientation


def orientation_notifiee(personne, organisme):
    existante = personne.orientations.filter(notifiee_le__isnull=False).first()
    if existante is not None:
        return existante
    il_y_a_dix_jours = timezone.now() - datetime.timedelta(days=10)
    return DecisionOrientation.objects.create(
        personne=personne,
        statut=StatutDecision.CONFIRMEE,
        explication="Projet professionnel établi, sans frein bloquant : parcours professionnel avec France Travail.",
        parcours_propose=Parcours.PROFESSIONNEL,
        type_organisme_propose=TypeOrganismeReferent.FRANCE_TRAVAIL,
        parcours=Parcours.PROFESSIONNEL,
        organisme=organisme,
        decidee_le=il_y_a_dix_jours,
        notifiee_le=il_y_a_dix_jours,
    )
