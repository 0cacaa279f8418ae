from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from francetravail.notifications.enums import Canal, Statut, StatutRemise


class Notification(models.Model):
    """The outbox: written in the same transaction as the business change, sent by Celery.

    ``cle_idempotence`` is unique: writing the same notification twice (a retried
    action, a re-run import) keeps one row, so it goes out once. The table is partitioned by month
    of ``created_at`` (issue 21, ``francetravail.base.partitionnement``): the uniqueness is kept by a
    trigger (``notifications.unicite``), and no foreign key may point to it in the database
    (``db_constraint=False``; the monthly drop clears them).
    """

    destinataire = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="destinataire",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    # Where it goes: copied at write time so a later change of address does not
    # redirect a notice whose date of sending matters.
    adresse = models.CharField("adresse (courriel ou téléphone)", max_length=254, blank=True)
    canal = models.CharField("canal", max_length=10, choices=Canal.choices, default=Canal.EMAIL)
    modele = models.CharField("modèle", max_length=100)
    # The declared kind (francetravail.notifications.registre): what a notification centre and a
    # per-kind opt-out read; empty for rows written before the kinds were declared.
    type_notification = models.CharField("type", max_length=100, blank=True, db_default="")
    contexte = models.JSONField("contexte", default=dict, blank=True)
    statut = models.CharField("statut", max_length=12, choices=Statut.choices, default=Statut.EN_ATTENTE)
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    prochaine_tentative = models.DateTimeField("prochaine tentative", default=timezone.now)
    derniere_erreur = models.TextField("dernière erreur", blank=True)
    # Unique across partitions by the trigger of notifications.unicite (not a unique index: see above).
    cle_idempotence = models.CharField("clé d'idempotence", max_length=200, db_index=True)
    created_at = models.DateTimeField("créée le", default=timezone.now)
    sent_at = models.DateTimeField("envoyée le", null=True, blank=True)
    lue_le = models.DateTimeField("lue le", null=True, blank=True)
    # The provider's id for the message (SMS) or our Message-ID (e-mail): how its callbacks find the row.
    identifiant_fournisseur = models.CharField("identifiant chez le fournisseur", max_length=200, blank=True)
    remise = models.CharField(
        "remise", max_length=10, choices=StatutRemise.choices, default=StatutRemise.INCONNUE, db_default="inconnue"
    )
    remise_le = models.DateTimeField("remise constatée le", null=True, blank=True)
    remise_detail = models.CharField("détail de la remise", max_length=250, blank=True)

    class Meta:
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        indexes = [
            models.Index(
                fields=["prochaine_tentative"],
                condition=Q(statut=Statut.EN_ATTENTE),
                name="notification_a_envoyer_idx",
            ),
            # The notification centre: a person's or professional's list, newest first, and the
            # header's unread counter on every page (an index-only count of a few rows).
            models.Index(fields=["destinataire", "-created_at", "-id"], name="notification_centre_idx"),
            models.Index(
                fields=["destinataire"],
                condition=Q(lue_le__isnull=True),
                name="notification_non_lue_idx",
            ),
            models.Index(
                fields=["identifiant_fournisseur"],
                condition=~Q(identifiant_fournisseur=""),
                name="notification_fournisseur_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_canal_display()} « {self.modele} » à {self.adresse or self.destinataire}"


class EvenementRemise(models.Model):
    """One delivery callback of a provider, kept as received (after its signature was verified): the
    same event twice is one row (``identifiant`` unique), so a replayed callback changes nothing."""

    fournisseur = models.CharField("fournisseur", max_length=30)
    identifiant = models.CharField("identifiant de l'événement", max_length=200, unique=True)
    notification = models.ForeignKey(
        Notification,
        verbose_name="notification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evenements_remise",
        db_constraint=False,  # the outbox is partitioned (see Notification)
    )
    evenement = models.CharField("événement", max_length=50)
    remise = models.CharField("remise", max_length=10, choices=StatutRemise.choices)
    survenu_le = models.DateTimeField("survenu le")
    recu_le = models.DateTimeField("reçu le", default=timezone.now)
    charge = models.JSONField("contenu reçu", default=dict)

    class Meta:
        verbose_name = "événement de remise"
        verbose_name_plural = "événements de remise"
        ordering = ["-recu_le", "-pk"]

    def __str__(self):
        return f"{self.fournisseur} {self.evenement} ({self.survenu_le:%d/%m/%Y %H:%M})"
