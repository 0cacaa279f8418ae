"""Webhook subscriptions, by their organisation's admin: created, secret renewed, deactivated; deliveries replayed."""

import secrets
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.partenaires.enums import EvenementWebhook, StatutLivraison
from francetravail.partenaires.livraison import AdresseRefusee, verifier_url
from francetravail.partenaires.models import AbonnementWebhook, LivraisonWebhook
from francetravail.partenaires.tasks import planifier_livraisons
from francetravail.partenaires.webhooks_acces import exiger_admin_webhooks

REFUS_EVENEMENTS = "Choisissez au moins un événement."
REFUS_REJEU_EN_ATTENTE = "Cette livraison est déjà en attente d'envoi."
REFUS_REJEU_INACTIF = "L'abonnement de cette livraison est désactivé : elle ne peut pas être rejouée."
REFUS_DEJA_DESACTIVE = "Cet abonnement est déjà désactivé."


def nouveau_secret():
    # 256 bits, URL-safe: the HMAC-SHA256 key a partner pastes into its receiver's configuration.
    return "whsec_" + secrets.token_urlsafe(32)


def valider_url(url):
    """The URL's refusal as a form error (``livraison.verifier_url``: http(s), https and public addresses)."""
    try:
        verifier_url(url)
    except AdresseRefusee as exc:
        raise ValidationError({"url": str(exc)}) from None


@transaction.atomic
def creer_abonnement(organisation, *, url, evenements, acting_user):
    """Subscribes ``organisation`` to ``evenements`` at ``url``; returns (subscription, secret shown once)."""
    exiger_admin_webhooks(acting_user, organisation.pk)
    evenements = sorted(set(evenements))
    if not evenements or not set(evenements) <= set(EvenementWebhook.values):
        raise ValidationError({"evenements": REFUS_EVENEMENTS})
    valider_url(url)
    secret = nouveau_secret()
    abonnement = AbonnementWebhook.objects.create(
        organisation=organisation, url=url, secret=secret, evenements=evenements, cree_par=acting_user
    )
    enregistrer_evenement(
        TypeEvenement.ABONNEMENT_WEBHOOK_CREE,
        acting_user=acting_user,
        organisation=organisation,
        abonnement_id=abonnement.pk,
        evenements=evenements,
    )
    return abonnement, secret


def _verrouiller(abonnement):
    return AbonnementWebhook.objects.select_for_update().get(pk=abonnement.pk)


@transaction.atomic
def regenerer_secret(abonnement, *, acting_user):
    """A new secret (shown once), in force at once: deliveries still pending are signed with it."""
    exiger_admin_webhooks(acting_user, abonnement.organisation_id)
    abonnement = _verrouiller(abonnement)
    secret = nouveau_secret()
    abonnement.secret = secret
    abonnement.save(update_fields=["secret"])
    enregistrer_evenement(
        TypeEvenement.ABONNEMENT_WEBHOOK_MODIFIE,
        acting_user=acting_user,
        organisation=abonnement.organisation,
        abonnement_id=abonnement.pk,
        modification="secret_regenere",
    )
    return abonnement, secret


@transaction.atomic
def desactiver_abonnement(abonnement, *, acting_user):
    """No new delivery for this subscription; those pending are given up when their turn comes."""
    exiger_admin_webhooks(acting_user, abonnement.organisation_id)
    abonnement = _verrouiller(abonnement)
    if not abonnement.actif:
        raise ValidationError(REFUS_DEJA_DESACTIVE)
    abonnement.actif = False
    abonnement.save(update_fields=["actif"])
    enregistrer_evenement(
        TypeEvenement.ABONNEMENT_WEBHOOK_MODIFIE,
        acting_user=acting_user,
        organisation=abonnement.organisation,
        abonnement_id=abonnement.pk,
        modification="desactive",
    )
    return abonnement


@transaction.atomic
def rejouer_livraison(livraison, *, acting_user):
    """Sends a delivery again: the same row, so the same ``X-Webhook-Id`` (a receiver that dedupes ignores it
    if it had processed it), set back to pending with its attempts counted afresh; its next attempt is signed
    with a new timestamp. Sent after the commit, or by the sweep."""
    exiger_admin_webhooks(acting_user, livraison.abonnement.organisation_id)
    livraison = (
        LivraisonWebhook.objects.select_for_update(of=("self",)).select_related("abonnement").get(pk=livraison.pk)
    )
    if livraison.statut == StatutLivraison.EN_ATTENTE:
        raise ValidationError(REFUS_REJEU_EN_ATTENTE)
    if not livraison.abonnement.actif:
        raise ValidationError(REFUS_REJEU_INACTIF)
    statut_precedent, tentatives_precedentes = livraison.statut, livraison.tentatives
    livraison.statut = StatutLivraison.EN_ATTENTE
    livraison.tentatives = 0
    livraison.prochaine_tentative = timezone.now()
    livraison.save(update_fields=["statut", "tentatives", "prochaine_tentative"])
    enregistrer_evenement(
        TypeEvenement.LIVRAISON_WEBHOOK_REJOUEE,
        acting_user=acting_user,
        organisation=livraison.abonnement.organisation,
        livraison=str(livraison.identifiant),
        statut_precedent=statut_precedent,
        tentatives_precedentes=tentatives_precedentes,
    )
    transaction.on_commit(partial(planifier_livraisons, [livraison.pk]), robust=True)
    return livraison
