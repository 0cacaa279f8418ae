"""Orientation rules are data: a référentiel per scope, versioned, one version in force.

The national référentiel (``departement`` empty) is loaded by migration
(``orientation/referentiel_national.py``); a département refines it with its own
référentiel, composed with the national one (``orientation.regles.composer``).
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
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from francetravail.base.index import index_si_renseigne
from orientation import regles
from orientation.enums import (
    STATUTS_DECIDES,
    STATUTS_OUVERTS,
    FileDecision,
    Parcours,
    StatutDecision,
    StatutVersion,
    TypeOrganismeReferent,
)

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
        messages = regles.valider_conditions(self.conditions)
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
        return regles.Regle(
            code=self.code,
            conditions=self.conditions,
            parcours=self.parcours or None,
            type_organisme=self.type_organisme or None,
            explication=self.explication,
            libelle=self.libelle,
            ordre=self.ordre,
            version_id=self.version_id,
        )


@pghistory.track()
class DecisionOrientation(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """One orientation of one person: the rules' proposal, then the decision and its notification.

    Every change goes through ``orientation.actions``; transitions are declared below
    (``vers_<état>``, called by the actions only) and logged in ``HistoriqueDecision``. The
    entries, the rule version and the criteria that fired are kept so the person can read why
    (SPEC §2.3).
    """

    personne = models.ForeignKey(
        "personnes.Personne",
        verbose_name="personne",
        on_delete=models.PROTECT,
        related_name="orientations",
        db_index=False,  # orientation_personne_idx (personne, statut) serves it
    )
    statut = FSMField(
        "statut", max_length=12, choices=StatutDecision.choices, default=StatutDecision.PROPOSEE, protected=True
    )
    file = models.CharField("file", max_length=15, choices=FileDecision.choices, default=FileDecision.ORIENTEUR)
    # What the rules saw and said.
    version = models.ForeignKey(
        VersionReferentiel,
        verbose_name="version du référentiel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    entrees = models.JSONField("situation évaluée", default=dict)
    criteres = models.JSONField("critères retenus", default=list)
    regle_code = models.CharField("règle appliquée", max_length=50, blank=True)
    explication = models.TextField("explication")
    parcours_propose = models.CharField("parcours proposé", max_length=20, choices=Parcours.choices, blank=True)
    type_organisme_propose = models.CharField(
        "type d'organisme proposé", max_length=25, choices=TypeOrganismeReferent.choices, blank=True
    )
    beneficiaire_rsa = models.BooleanField("bénéficiaire du RSA", default=False)
    # What was decided.
    parcours = models.CharField("parcours décidé", max_length=20, choices=Parcours.choices, blank=True)
    organisme = models.ForeignKey(
        "reseau.Organisation",
        verbose_name="organisme référent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # indexed in Meta where filled
    )
    decideur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidée par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # indexed in Meta where filled
    )
    motif_modification = models.TextField("motif de la décision", blank=True)
    decidee_le = models.DateTimeField("décidée le", null=True, blank=True)
    # R5411-8-1: notified « par tout moyen donnant date certaine » — the outbox row's date.
    notifiee_le = models.DateTimeField("notifiée le", null=True, blank=True)
    recue_le = models.DateTimeField("consultée par la personne le", null=True, blank=True)
    reorientation_de = models.ForeignKey(
        "self",
        verbose_name="réorientation de",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reorientations",
        db_index=False,  # indexed in Meta where filled
    )
    demandee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="réorientation demandée par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # indexed in Meta where filled
    )
    motif_demande = models.TextField("motif de la demande de réorientation", blank=True)
    # A proposal opened because the person moved to another département (actions.demenager): the new
    # département's 6 weeks (CASF D262-65-2: from the information that the right was transferred) run from it.
    transfert_le = models.DateField("dossier transféré le", null=True, blank=True)
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "décision d'orientation"
        verbose_name_plural = "décisions d'orientation"
        constraints = [
            models.UniqueConstraint(
                fields=["personne"],
                condition=Q(statut__in=STATUTS_OUVERTS),
                name="orientation_une_decision_ouverte",
                violation_error_message="Cette personne a déjà une orientation en attente de décision.",
            ),
            models.CheckConstraint(
                condition=~Q(statut__in=STATUTS_DECIDES) | Q(organisme__isnull=False, decidee_le__isnull=False),
                name="orientation_decision_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["statut", "created_at"], name="orientation_file_idx"),
            models.Index(fields=["personne", "statut"], name="orientation_personne_idx"),
            # Empty on every proposal: indexed where filled only.
            index_si_renseigne("organisme", "orientation_organisme_idx"),
            index_si_renseigne("decideur", "orientation_decideur_idx"),
            index_si_renseigne("reorientation_de", "orientation_reorientation_idx"),
            index_si_renseigne("demandee_par", "orientation_demandee_par_idx"),
        ]

    def __str__(self):
        return f"Orientation de {self.personne} ({self.get_statut_display().lower()})"

    @property
    def ouverte(self):
        return self.statut in STATUTS_OUVERTS

    @property
    def giratoire(self):
        return not self.parcours_propose

    @transition(field=statut, source=StatutDecision.PROPOSEE, target=StatutDecision.CONFIRMEE)
    def vers_confirmee(self):
        pass

    @transition(field=statut, source=list(STATUTS_OUVERTS), target=StatutDecision.MODIFIEE)
    def vers_modifiee(self):
        pass


class HistoriqueDecision(models.Model):
    """Transition log: who changed a decision, when, from what to what, and why."""

    decision = models.ForeignKey(
        DecisionOrientation, verbose_name="décision", on_delete=models.CASCADE, related_name="historique"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        db_index=False,  # indexed in Meta where filled (empty for the system's rows)
    )
    at = models.DateTimeField("le", default=timezone.now)
    statut_avant = models.CharField("statut avant", max_length=12, choices=StatutDecision.choices, blank=True)
    statut_apres = models.CharField("statut après", max_length=12, choices=StatutDecision.choices)
    motif = models.TextField("motif", blank=True)

    class Meta:
        verbose_name = "changement de décision d'orientation"
        verbose_name_plural = "historique des décisions d'orientation"
        ordering = ["at", "pk"]
        indexes = [index_si_renseigne("user", "orientation_histo_user_idx")]

    def __str__(self):
        return f"{self.decision_id} : {self.statut_avant or '—'} → {self.statut_apres}"
