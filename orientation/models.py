"""Orientation rules are data: a référentiel per scope, versioned, one version in force.

The national référentiel (``departement`` empty) is loaded by migration
(``orientation/referentiel_national.py``); a département refines it with its own
référentiel, composed with the national one (``orientation.rules.composer``).
A version is edited as a draft, then published (``orientation.actions``); a
published or retired version is never edited again, so that every decision can
name the exact rules that produced it.
"""

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from orientation import rules
from orientation.enums import Parcours, StatutVersion, TypeOrganismeReferent

RESULTAT_INCOMPLET = (
    "Renseignez à la fois le parcours et l'organisme référent, ou aucun des deux (entretien giratoire)."
)


@pghistory.track()
class Referentiel(models.Model):
    departement = models.ForeignKey(
        "reseau.Departement",
        verbose_name="département",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Vide : référentiel national. Sinon, les règles locales qui complètent le référentiel national.",
    )
    libelle = models.CharField("libellé", max_length=200)

    class Meta:
        verbose_name = "référentiel d'orientation"
        verbose_name_plural = "référentiels d'orientation"
        ordering = [models.F("departement").asc(nulls_first=True)]
        constraints = [
            # One référentiel per département, and a single national one (NULL counts as a value).
            models.UniqueConstraint(
                fields=["departement"],
                name="orientation_referentiel_unique_departement",
                nulls_distinct=False,
                violation_error_message="Ce territoire a déjà un référentiel d'orientation.",
            ),
        ]

    def __str__(self):
        return self.libelle

    @property
    def est_national(self):
        return self.departement_id is None


@pghistory.track()
class VersionReferentiel(models.Model):
    referentiel = models.ForeignKey(
        Referentiel, verbose_name="référentiel", on_delete=models.PROTECT, related_name="versions"
    )
    numero = models.PositiveIntegerField("numéro")
    statut = models.CharField("statut", max_length=10, choices=StatutVersion.choices, default=StatutVersion.BROUILLON)
    publiee_le = models.DateTimeField("publiée le", null=True, blank=True)
    publiee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="publiée par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    retiree_le = models.DateTimeField("retirée le", null=True, blank=True)
    note = models.TextField("note", blank=True, help_text="Pourquoi cette version : texte, délibération, demande.")
    created_at = models.DateTimeField("créée le", default=timezone.now)
    creee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créée par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "version de référentiel"
        verbose_name_plural = "versions de référentiel"
        ordering = ["referentiel", "-numero"]
        permissions = [("publier_versionreferentiel", "Peut publier une version de référentiel d'orientation")]
        constraints = [
            models.UniqueConstraint(fields=["referentiel", "numero"], name="orientation_version_numero_unique"),
            models.UniqueConstraint(
                fields=["referentiel"],
                condition=Q(statut=StatutVersion.PUBLIEE),
                name="orientation_une_version_publiee",
                violation_error_message="Ce référentiel a déjà une version publiée.",
            ),
            models.CheckConstraint(
                condition=~Q(statut=StatutVersion.PUBLIEE) | Q(publiee_le__isnull=False),
                name="orientation_version_publiee_datee",
            ),
        ]

    def __str__(self):
        return f"{self.referentiel} — version {self.numero} ({self.get_statut_display().lower()})"

    @property
    def est_brouillon(self):
        return self.statut == StatutVersion.BROUILLON

    def regles_moteur(self):
        """The rules of this version for the engine, in order (one query)."""
        return [regle.vers_regle_moteur() for regle in self.regles.order_by("ordre", "pk")]


@pghistory.track()
class Regle(models.Model):
    version = models.ForeignKey(
        VersionReferentiel, verbose_name="version", on_delete=models.CASCADE, related_name="regles"
    )
    code = models.SlugField(
        "code",
        max_length=100,
        help_text="Identifiant stable de la règle. Dans un référentiel départemental, reprendre le code d'une "
        "règle nationale la remplace ; un nouveau code ajoute une règle.",
    )
    ordre = models.IntegerField(
        "ordre",
        default=0,
        help_text="Les règles sont essayées par ordre croissant ; la première qui s'applique décide. Une règle "
        "départementale nouvelle se place avant la première règle nationale d'ordre supérieur ou égal.",
    )
    libelle = models.CharField("libellé", max_length=200)
    conditions = models.JSONField(
        "conditions",
        default=dict,
        blank=True,
        help_text='Ex. : {"activite_recente": [true], "se_projette": ["oui"], "intensite_freins": ["moyen"], '
        '"age_max": 25}. Un critère absent : toute valeur convient.',
    )
    parcours = models.CharField(
        "parcours", max_length=30, choices=Parcours.choices, blank=True, help_text="Vide : entretien giratoire."
    )
    type_organisme = models.CharField(
        "type d'organisme référent",
        max_length=30,
        choices=TypeOrganismeReferent.choices,
        blank=True,
        help_text="Vide : entretien giratoire.",
    )
    explication = models.TextField("explication", help_text="Montrée à la personne : pourquoi ce parcours.")

    class Meta:
        verbose_name = "règle d'orientation"
        verbose_name_plural = "règles d'orientation"
        ordering = ["version", "ordre", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="orientation_regle_code_unique"),
            models.CheckConstraint(
                condition=Q(parcours="", type_organisme="") | (~Q(parcours="") & ~Q(type_organisme="")),
                name="orientation_regle_resultat_complet",
                violation_error_message=RESULTAT_INCOMPLET,
            ),
        ]

    def __str__(self):
        return f"{self.code} : {self.libelle}"

    def clean(self):
        erreurs = {}
        if self.version_id and not self.version.est_brouillon:
            erreurs["__all__"] = (
                "Cette version n'est plus un brouillon : ses règles ne se modifient plus. Créez un nouveau brouillon."
            )
        messages = rules.valider_conditions(self.conditions)
        if messages:
            erreurs["conditions"] = messages
        if bool(self.parcours) != bool(self.type_organisme):
            erreurs["type_organisme" if self.parcours else "parcours"] = RESULTAT_INCOMPLET
        if erreurs:
            raise ValidationError(erreurs)

    @property
    def giratoire(self):
        return not self.parcours

    def vers_regle_moteur(self):
        return rules.Regle(
            code=self.code,
            conditions=self.conditions,
            parcours=self.parcours or None,
            type_organisme=self.type_organisme or None,
            explication=self.explication,
            libelle=self.libelle,
            ordre=self.ordre,
            version_id=self.version_id,
        )
