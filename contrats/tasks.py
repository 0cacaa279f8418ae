"""Contract tasks: the PDF of a frozen version, and the daily sweep of overdue contracts.

Tasks take ids and call the domain functions. The sweep (ARCHITECTURE example 5)
processes a bounded batch, one transaction per contract, locked with
``select_for_update(skip_locked=True, of=("self",), no_key=True)`` and re-checked under the lock; a
flag on the contract (``retard_signature_signale_le``, ``alerte_ore_signalee_le``) and the
outbox's idempotency key make it tell the référent once, however often and on however
many workers it runs.
"""

from celery import shared_task
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from contrats import regles
from contrats.document import assurer_document, assurer_document_signe
from contrats.models import ContratEngagement, VersionContrat
from contrats.notifications import ALERTE_ORE, RETARD_SIGNATURE, notifier_referent
from contrats.queries import contrats_sans_ore, filtre_en_retard
from francetravail.parametres.models import ParametreLegal
from inscription.enums import StatutInscription

TAILLE_LOT = 500
# A person whose registration is « cessée » (a radiation, or an accompaniment the référent ended:
# inscription.cessation) is not chased: their référent is not told about their contract until it reopens.
# ``exclude`` keeps the people without a registration record.
CESSEE = {"personne__inscription__statut": StatutInscription.CESSEE}
# Only the contracts of the person's current organisme référent are chased: after a move to another
# département (orientation.actions.demenager) the old organisation's contract stays as it was, and its
# référent, who no longer sees the file, is not written to about it.
DE_L_ORGANISME_REFERENT = Q(organisme=F("personne__organisme_referent"))


@shared_task(ignore_result=True)
def generer_document(version_id):
    """Stores the PDF of version ``version_id``, and its signed copy once it has an attestation
    (nothing for what is already there)."""
    version = VersionContrat.objects.filter(pk=version_id).first()
    if version is None:  # rolled back after being queued: nothing to render
        return False
    assurer_document_signe(assurer_document(version))
    return True


def _signaler_retard(contrat_id, aujourdhui):
    with transaction.atomic():
        contrat = (
            ContratEngagement.objects.select_for_update(skip_locked=True, of=("self",), no_key=True)
            .select_related("personne", "organisme", "referent")
            .filter(
                filtre_en_retard(aujourdhui),
                DE_L_ORGANISME_REFERENT,
                pk=contrat_id,
                retard_signature_signale_le__isnull=True,
            )
            .exclude(**CESSEE)
            .first()
        )
        if contrat is None:  # signed meanwhile, told already, or another worker has it
            return False
        contrat.retard_signature_signale_le = timezone.now()
        contrat.save(update_fields=["retard_signature_signale_le"])
        notifier_referent(contrat, RETARD_SIGNATURE, f"retard:{contrat.echeance_signature:%Y%m%d}")
        return True


def _signaler_ore(contrat_id, aujourdhui):
    with transaction.atomic():
        contrat = (
            contrats_sans_ore()
            .select_for_update(skip_locked=True, of=("self",), no_key=True)
            .select_related("personne", "organisme", "referent")
            .filter(DE_L_ORGANISME_REFERENT, pk=contrat_id, alerte_ore_signalee_le__isnull=True)
            .exclude(**CESSEE)
            .first()
        )
        if contrat is None or not contrat.alerte_ore(aujourdhui):
            return False
        contrat.alerte_ore_signalee_le = timezone.now()
        contrat.save(update_fields=["alerte_ore_signalee_le"])
        notifier_referent(contrat, ALERTE_ORE, "alerte_ore")
        return True


@shared_task(ignore_result=True)
def signaler_retards(limit=TAILLE_LOT, aujourdhui=None):
    """Tells each référent once of their contracts not signed by the deadline, and of ORE alerts.

    Returns ``(signature, ore)``: how many contracts were signalled for each.
    """
    aujourdhui = aujourdhui or timezone.localdate()
    retards = list(
        ContratEngagement.objects.filter(
            filtre_en_retard(aujourdhui), DE_L_ORGANISME_REFERENT, retard_signature_signale_le__isnull=True
        )
        .exclude(**CESSEE)
        .order_by("echeance_signature", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    # The ORE delay is a parameter (6 months, possibly per département): the shortest one in force
    # pre-filters, the rule itself (contrat.alerte_ore) decides under the lock.
    delais = ParametreLegal.objects.filter(cle="contrat.delai_ore").values_list("valeur", flat=True)
    plus_court = min((int(d) for d in delais), default=6)
    sans_ore = list(
        contrats_sans_ore()
        .filter(
            DE_L_ORGANISME_REFERENT,
            alerte_ore_signalee_le__isnull=True,
            signe_le__date__lt=regles.ajouter_mois(aujourdhui, -plus_court),
        )
        .exclude(**CESSEE)
        .order_by("signe_le", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return (
        sum(_signaler_retard(pk, aujourdhui) for pk in retards),
        sum(_signaler_ore(pk, aujourdhui) for pk in sans_ore),
    )
