from django.conf import settings
from django.db import models
from django.utils import timezone

from francetravail.audit.enums import Canal, PartieDossier, TypeEvenement


class JournalAcces(models.Model):
    """One row per read of a person's file: who, when, which part, from which organisation.

    The person sees these rows in their space. Kept 6 months (``conservation.journaux``, R5312-44): the
    table is partitioned by month of ``at`` and beat drops the months past it (``donnees.partitions``).
    The database's primary key is (id, at); rows are written by ``actions.journaliser_acces`` (raw SQL).
    ``user`` is PROTECT: an account that read files cannot be deleted while its reads are kept.
    """

    personne = models.ForeignKey(
        "personnes.Personne", verbose_name="personne", on_delete=models.CASCADE, related_name="acces"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="lecteur", on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "reseau.Organisation",
        verbose_name="organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    partie = models.CharField("partie consultée", max_length=30, choices=PartieDossier.choices)
    canal = models.CharField("canal", max_length=10, choices=Canal.choices, default=Canal.WEB)
    at = models.DateTimeField("date", default=timezone.now, db_index=True)
    # Through the API, ``user`` is the client's technical account; the software may name the
    # professional of its organisation on whose behalf it reads (francetravail/audit/contexte.py).
    professionnel = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="pour le compte de",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "accès à un dossier"
        verbose_name_plural = "journal des accès aux dossiers"
        indexes = [models.Index(fields=["personne", "-at"], name="journal_acces_personne_idx")]

    def __str__(self):
        return f"{self.user} a consulté {self.get_partie_display()} le {self.at:%d/%m/%Y %H:%M}"


class AuditEvent(models.Model):
    """What an action did: written by the action, in its transaction.

    ``acting_user`` is who did it (null for the system: a beat task or an import);
    ``personne``/``organisation`` say whose data it concerns, so the trail can be
    read per file or per organisation.
    """

    at = models.DateTimeField("date", default=timezone.now, db_index=True)
    event_type = models.CharField("événement", max_length=60, choices=TypeEvenement.choices)
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    personne = models.ForeignKey(
        "personnes.Personne",
        verbose_name="personne",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "reseau.Organisation",
        verbose_name="organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    motif = models.TextField("motif", blank=True)
    data = models.JSONField("détails", default=dict, blank=True)

    class Meta:
        verbose_name = "événement d'audit"
        verbose_name_plural = "événements d'audit"
        ordering = ["-at"]
        # The person page's timeline reads a file's events newest first (personnes.queries.chronologie).
        indexes = [models.Index(fields=["personne", "-at"], name="audit_event_personne_at_idx")]

    def __str__(self):
        return f"{self.get_event_type_display()} ({self.at:%d/%m/%Y %H:%M})"
