"""Modalities of accompaniment (data, not code) and each person's modality over time.

The préfiguration report names the modalities (seed-accompagnement.md §2.1, lines 36–60: « suivi »,
« guidé », « accompagnement global », the intensive 15–20 h parcours, « en autonomie »); it leaves their
list to the territorial pilots, so the list is a table an administrator extends, seeded by a data
migration. Their figures (target portfolio size, cadence of points d'étape, maximum duration) are
dated parameters keyed by the modality's code (``francetravail.accompagnement.regles``).
"""

import pghistory
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ModaliteAccompagnement(models.Model):
    # The code ends the parameters' keys (accompagnement.portefeuille_cible.<code>): the keys' alphabet.
    code = models.CharField(
        "code",
        max_length=30,
        unique=True,
        validators=[RegexValidator(r"^[a-z0-9_]+$", "Le code s'écrit en minuscules, chiffres et _.")],
    )
    libelle = models.CharField("libellé", max_length=120)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    actif = models.BooleanField("proposée", default=True, help_text="Décochée : plus proposée pour un nouveau choix.")

    class Meta:
        verbose_name = "modalité d'accompagnement"
        verbose_name_plural = "modalités d'accompagnement"
        ordering = ["ordre", "libelle"]

    def __str__(self):
        return self.libelle


@pghistory.track()
class ModalitePersonne(models.Model):
    """A period of a person in one modality: the open one (``fin`` empty) is the current modality.

    A new choice closes the open period on the day the new one starts: the rows are the history.
    """

    personne = models.ForeignKey(
        "personnes.Personne", verbose_name="personne", on_delete=models.CASCADE, related_name="modalites"
    )
    modalite = models.ForeignKey(
        ModaliteAccompagnement, verbose_name="modalité", on_delete=models.PROTECT, related_name="+"
    )
    debut = models.DateField("début")
    # Required and bounded for a modality with a maximum duration (intensif: 12 months, then a
    # reassessment point d'étape is due).
    fin_prevue = models.DateField("fin prévue", null=True, blank=True)
    fin = models.DateField("fin", null=True, blank=True)
    choisie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="choisie par", on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField("enregistrée le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "modalité d'une personne"
        verbose_name_plural = "modalités des personnes"
        constraints = [
            models.UniqueConstraint(fields=["personne"], condition=Q(fin__isnull=True), name="modalite_une_ouverte"),
        ]
        indexes = [
            models.Index(fields=["modalite"], name="modalite_personne_modalite_idx", condition=Q(fin__isnull=True))
        ]

    def __str__(self):
        return f"{self.modalite} depuis le {self.debut:%d/%m/%Y}"


class ColonnesPortefeuille(models.Model):
    """The portfolio columns a professional chose to see (kept across sessions and devices)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="compte", on_delete=models.CASCADE, related_name="colonnes_portefeuille"
    )
    colonnes = models.JSONField("colonnes", default=list)

    class Meta:
        verbose_name = "colonnes choisies du portefeuille"
        verbose_name_plural = "colonnes choisies des portefeuilles"

    def __str__(self):
        return f"Colonnes de {self.user}"
