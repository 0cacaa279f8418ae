"""Points d'étape: appointments at the rhythm agreed in the contract (``rythme_points_etape`` weeks).

The next one is due ``rythme_points_etape`` weeks after the latest of: the signature of
the version in force, the last point d'étape the person attended (an honoured
appointment whose slot has the motif « point d'étape »). It is proposed as appointment
slots through the appointments app, which notifies the person and lets them book one.
A point d'étape may then open a revision (``contrats.actions.ouvrir_revision``).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from contrats.acces import exiger_referent
from contrats.models import ContratEngagement
from francetravail.rendezvous.actions import proposer_creneaux
from francetravail.rendezvous.enums import Motif, StatutRendezVous
from francetravail.rendezvous.models import RendezVous


def dernier_point_etape(contrat):
    """Date of the last point d'étape attended since the contract was drafted, or None (one query)."""
    dernier = RendezVous.objects.filter(
        personne_id=contrat.personne_id,
        creneau__motif=Motif.POINT_ETAPE,
        statut=StatutRendezVous.HONORE,
        creneau__debut__gte=contrat.created_at,
    ).aggregate(m=Max("creneau__debut"))["m"]
    return timezone.localdate(dernier) if dernier else None


def prochain_point_etape(contrat, *, aujourdhui=None):
    """When the next point d'étape is due: a date (possibly past: overdue), or None before signature."""
    if contrat.signe_le is None:
        return None
    return echeance(timezone.localdate(contrat.signe_le), dernier_point_etape(contrat), contrat.rythme_points_etape)


def echeance(signe_le, dernier, rythme_semaines):
    """The next point d'étape: ``rythme_semaines`` after the signature or the last one attended, the later."""
    depart = dernier if dernier and dernier > signe_le else signe_le
    return depart + datetime.timedelta(weeks=rythme_semaines)


def point_etape_en_retard(contrat, *, aujourdhui=None):
    prochain = prochain_point_etape(contrat)
    return prochain is not None and prochain < (aujourdhui or timezone.localdate())


@transaction.atomic
def proposer_point_etape(contrat, creneaux, *, acting_user):
    """The référent offers point d'étape slots to the person; returns the offered appointments.

    Only the référent of a signed contract (or one under revision: it was signed), only
    slots of motif « point d'étape » in their organisme's agendas. The appointments app
    checks the slots are open with a free seat, and notifies the person.
    """
    contrat = ContratEngagement.objects.select_related("personne", "organisme").get(pk=contrat.pk)
    exiger_referent(acting_user, contrat)
    if contrat.version_en_vigueur_id is None:
        raise ValidationError("Un point d'étape suit la signature du contrat : celui-ci n'est pas encore signé.")
    creneaux = list(creneaux)
    if not creneaux:
        raise ValidationError({"creneaux": "Choisissez au moins un créneau à proposer."})
    for creneau in creneaux:
        if creneau.motif != Motif.POINT_ETAPE:
            raise ValidationError({"creneaux": "Choisissez des créneaux prévus pour un point d'étape."})
        if creneau.agenda.organisation_id != contrat.organisme_id:
            raise ValidationError({"creneaux": "Choisissez des créneaux des agendas de l'organisme référent."})
    return proposer_creneaux(contrat.personne, creneaux, acting_user=acting_user)
