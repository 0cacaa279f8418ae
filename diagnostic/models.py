import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone

from diagnostic.enums import Section


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Diagnostic(models.Model):
    """The diagnostic partagé of one person (SPEC §2.5): one per person, across orientations.

    It describes the person's situation, which a re-orientation does not reset: the
    versions keep what was written before. A foreign key with a unique constraint
    rather than a one-to-one so that merging two files of the same person moves it
    (``inscription/fusion.py`` moves one-to-many relations; two diagnostics refuse the merge).

    The content lives in ``VersionSection`` rows (insert only); this row carries what
    the diagnostic decided about the orientation, and is the lock every save takes.
    """

    personne = models.ForeignKey(
        "personnes.Personne", verbose_name="personne", on_delete=models.CASCADE, related_name="diagnostics"
    )
    created_at = models.DateTimeField("ouvert le", default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="ouvert par", on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    # The orientation confirmed or revised at this step (SPEC §2.5).
    parcours_confirme_le = models.DateTimeField("parcours confirmé le", null=True, blank=True)
    parcours_confirme_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="parcours confirmé par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # never a filter
    )
    decision_confirmee = models.ForeignKey(
        "orientation.DecisionOrientation",
        verbose_name="orientation confirmée",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # never a filter
    )
    reorientation_demandee_le = models.DateTimeField("réorientation demandée le", null=True, blank=True)
    reorientation_demandee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="réorientation demandée par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # never a filter
    )
    demande_reorientation = models.ForeignKey(
        "orientation.DecisionOrientation",
        verbose_name="demande de réorientation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # never a filter
    )

    class Meta:
        verbose_name = "diagnostic partagé"
        verbose_name_plural = "diagnostics partagés"
        constraints = [models.UniqueConstraint(fields=["personne"], name="diagnostic_unique_par_personne")]

    def __str__(self):
        return f"Diagnostic de {self.personne}"


# Insert only: a save adds a version, nothing is updated. The update and delete
# triggers record any tampering (an insert would only copy the row itself).
@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent())
class VersionSection(models.Model):
    """One save of one section: its whole content, who wrote it and when.

    The current content of a section is its highest ``numero``. The unique
    constraint is the last guard of the optimistic locking: two saves from the
    same version cannot both insert the next number.
    """

    diagnostic = models.ForeignKey(
        Diagnostic, verbose_name="diagnostic", on_delete=models.CASCADE, related_name="versions"
    )
    section = models.CharField("section", max_length=20, choices=Section.choices)
    numero = models.PositiveIntegerField("version")
    contenu = models.JSONField("contenu", default=dict)
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="rédigée par",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # never a filter
    )
    enregistree_le = models.DateTimeField("enregistrée le", default=timezone.now)

    class Meta:
        verbose_name = "version d'une section du diagnostic"
        verbose_name_plural = "versions des sections du diagnostic"
        constraints = [
            models.UniqueConstraint(fields=["diagnostic", "section", "numero"], name="diagnostic_version_unique"),
            models.CheckConstraint(condition=models.Q(numero__gte=1), name="diagnostic_version_numero_positif"),
        ]

    def __str__(self):
        return f"{self.get_section_display()} — version {self.numero}"


# Insert only, like the versions: a supporting document is added, never edited.
@pghistory.track(pghistory.UpdateEvent(), pghistory.DeleteEvent())
class PieceDiagnostic(models.Model):
    """A supporting document of one section of the diagnostic (issue 21): a certificate, a letter, a
    court decision… The file itself is a ``documents.Document`` of nature « diagnostic » (checked,
    stored under a random name, attached to the diagnostic); this row says which section it supports,
    so that it is read exactly by those who read that section (``diagnostic.documents``): a health
    certificate by the readers of the health details, never by a décideur départemental.
    """

    diagnostic = models.ForeignKey(
        Diagnostic, verbose_name="diagnostic", on_delete=models.CASCADE, related_name="pieces"
    )
    section = models.CharField("section", max_length=20, choices=Section.choices)
    document = models.OneToOneField(
        "documents.Document", verbose_name="pièce jointe", on_delete=models.CASCADE, related_name="piece_diagnostic"
    )
    description = models.CharField("description", max_length=200, blank=True)

    class Meta:
        verbose_name = "pièce justificative du diagnostic"
        verbose_name_plural = "pièces justificatives du diagnostic"
        indexes = [models.Index(fields=["diagnostic", "section"], name="diagnostic_piece_section_idx")]

    def __str__(self):
        return f"{self.get_section_display()} — {self.document.nom}"
