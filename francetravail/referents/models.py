"""Who is the référent unique of each person, how an organisation designates them, and the history.

The référent itself is ``Personne.referent_unique`` (the access rules read it); this app owns the
way it is set: one by one, in bulk, by the organisation's rule, by a change with a reason or by the
transfer of a whole portfolio — each step a ``HistoriqueReferent`` row and an audit event.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from francetravail.referents.enums import CritereAttribution, NatureDesignation


@pghistory.track()
class RegleAttribution(models.Model):
    """The rule an organisation applies to its « à attribuer » queue (one per organisation)."""

    organisation = models.OneToOneField(
        "reseau.Organisation", verbose_name="organisation", on_delete=models.CASCADE, related_name="regle_attribution"
    )
    critere = models.CharField(
        "critère", max_length=20, choices=CritereAttribution.choices, default=CritereAttribution.MOINS_CHARGE
    )
    # « Par commune »: a person whose commune has no conseiller goes to the least loaded one when set,
    # else stays in the queue (and the report says how many).
    repli_moins_charge = models.BooleanField("sinon, le conseiller le moins chargé", default=True)
    modifiee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="modifiée par", on_delete=models.PROTECT, related_name="+", null=True
    )
    modifiee_le = models.DateTimeField("modifiée le", default=timezone.now)

    class Meta:
        verbose_name = "règle d'attribution des référents"
        verbose_name_plural = "règles d'attribution des référents"

    def __str__(self):
        return f"{self.organisation} : {self.get_critere_display()}"


@pghistory.track()
class AffectationCommune(models.Model):
    """« Par commune »: the conseiller who receives the people living in a commune."""

    regle = models.ForeignKey(
        RegleAttribution, verbose_name="règle", on_delete=models.CASCADE, related_name="communes"
    )
    commune = models.ForeignKey("reseau.Commune", verbose_name="commune", on_delete=models.PROTECT, related_name="+")
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="conseiller", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "commune affectée à un conseiller"
        verbose_name_plural = "communes affectées à des conseillers"
        constraints = [models.UniqueConstraint(fields=["regle", "commune"], name="referents_commune_unique")]

    def __str__(self):
        return f"{self.commune_id} → {self.conseiller_id}"


class HistoriqueReferent(models.Model):
    """One designation, change or transfer: who, from whom, to whom, why, when (read on the person's pages)."""

    personne = models.ForeignKey(
        "personnes.Personne", verbose_name="personne", on_delete=models.CASCADE, related_name="historique_referents"
    )
    organisation = models.ForeignKey(
        "reseau.Organisation", verbose_name="organisme référent", on_delete=models.PROTECT, related_name="+"
    )
    # transitions.enregistrer's columns: the author, the référent before and after (user ids as text), the reason.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="auteur", on_delete=models.PROTECT, null=True, related_name="+"
    )
    statut_avant = models.CharField("référent avant (identifiant)", max_length=20, blank=True)
    statut_apres = models.CharField("référent après (identifiant)", max_length=20, blank=True)
    ancien = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ancien référent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    nouveau = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="nouveau référent", on_delete=models.PROTECT, related_name="+"
    )
    nature = models.CharField("nature", max_length=12, choices=NatureDesignation.choices)
    motif = models.TextField("motif", blank=True)
    created_at = models.DateTimeField("le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "historique du référent unique"
        verbose_name_plural = "historique des référents uniques"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["personne", "created_at"], name="referents_historique_idx")]
        constraints = [
            # A change or a transfer says why (the person is told, an auditor reads it).
            models.CheckConstraint(
                condition=Q(nature__in=["designation", "regle"]) | ~Q(motif=""), name="referents_motif_changement"
            ),
        ]

    def __str__(self):
        return f"{self.personne_id} : {self.ancien_id or '—'} → {self.nouveau_id}"
