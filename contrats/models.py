"""The single contrat d'engagement (C. trav. L5411-6 and following).

Three layers (SPEC §2.6): the common base of rights and duties with the obligations of
the parcours (``SocleDroitsDevoirs``, versioned text), and the individual engagements
(``ActionPlan``). Every submission to the person freezes a ``VersionContrat`` (JSON
snapshot and its SHA-256): the person accepts that exact version, the référent
countersigns. Every change goes through ``contrats.actions``; transitions are declared
below and logged in ``HistoriqueContrat``.
"""

import pghistory
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from contrats import regles
from contrats.enums import (
    AmenagementDuree,
    MotifDispense,
    PorteurAction,
    StatutAction,
    StatutContrat,
    TypeAction,
)
from francetravail.base.fichiers import NomAleatoire
from francetravail.base.index import index_si_renseigne
from francetravail.parametres.lookup import valeur
from orientation.enums import Parcours


class SocleQuerySet(models.QuerySet):
    def en_vigueur(self, parcours, le=None):
        """The latest version published (on ``le``, now by default) for ``parcours``, or None."""
        le = le or timezone.now()
        return self.filter(parcours=parcours, publie_le__lte=le).order_by("-version").first()


@pghistory.track()
class SocleDroitsDevoirs(models.Model):
    """The common base of rights and duties and the obligations of a parcours, versioned.

    A version is never edited once published: a new text is a new version. The latest
    published version applies to the contracts submitted from then on.
    """

    parcours = models.CharField("parcours", max_length=20, choices=Parcours.choices)
    version = models.PositiveIntegerField("version")
    texte = models.TextField("droits et devoirs", help_text="Le socle commun des droits et devoirs.")
    obligations_parcours = models.TextField("obligations du parcours", blank=True)
    voies_recours = models.TextField(
        "voies et délais de recours contre les sanctions",
        help_text="Mention obligatoire du contrat (C. trav. L5411-6).",
    )
    publie_le = models.DateTimeField("publié le", null=True, blank=True, help_text="Vide : brouillon.")
    created_at = models.DateTimeField("créé le", default=timezone.now, editable=False)

    objects = SocleQuerySet.as_manager()

    class Meta:
        verbose_name = "socle de droits et devoirs"
        verbose_name_plural = "socles de droits et devoirs"
        ordering = ["parcours", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["parcours", "version"], name="contrats_socle_version_unique"),
        ]

    def __str__(self):
        return f"Socle « {self.get_parcours_display()} », version {self.version}"


@pghistory.track()
class ContratEngagement(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    personne = models.ForeignKey(
        "personnes.Personne",
        verbose_name="personne",
        on_delete=models.PROTECT,
        related_name="contrats_engagement",
        db_index=False,  # contrats_contrat_orientation_unique (personne, orientation) serves it
    )
    orientation = models.ForeignKey(
        "orientation.DecisionOrientation",
        verbose_name="décision d'orientation",
        on_delete=models.PROTECT,
        related_name="contrats_engagement",
    )
    parcours = models.CharField("parcours", max_length=20, choices=Parcours.choices)
    organisme = models.ForeignKey(
        "reseau.Organisation", verbose_name="organisme référent", on_delete=models.PROTECT, related_name="+"
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="référent", on_delete=models.PROTECT, related_name="+"
    )
    statut = FSMField(
        "statut", max_length=10, choices=StatutContrat.choices, default=StatutContrat.BROUILLON, protected=True
    )
    echeance_signature = models.DateField(
        "à signer au plus tard le",
        help_text="Un mois après la notification de l'orientation ou de la réorientation (D5411-14-1, D5411-14-2).",
    )
    # Weekly hours: at least 15, lowered with a reason, or waived at the person's request (L5411-6).
    amenagement_duree = models.CharField(
        "aménagement de la durée hebdomadaire",
        max_length=12,
        choices=AmenagementDuree.choices,
        default=AmenagementDuree.AUCUN,
    )
    motif_minoration = models.TextField("motif de la minoration", blank=True)
    motif_dispense = models.CharField("motif de la dispense", max_length=15, choices=MotifDispense.choices, blank=True)
    dispense_demandee_par_personne = models.BooleanField("dispense demandée par la personne", default=False)
    dispense_demandee_le = models.DateField("dispense demandée le", null=True, blank=True)
    # Dispense « parent isolé » when the file does not say there is a child under 12: the child's
    # birth date and the document the référent saw (contrats.dispense; the upload comes later).
    dispense_enfant_naissance = models.DateField(
        "date de naissance de l'enfant de moins de 12 ans", null=True, blank=True
    )
    dispense_enfant_justificatif = models.CharField("pièce vue pour l'âge de l'enfant", max_length=300, blank=True)
    # Offre raisonnable d'emploi (L5411-6-1, R5411-15-1). ROME codes as plain strings for now.
    ore_metiers = models.JSONField("métiers recherchés (codes ROME)", default=list, blank=True)
    ore_zone = models.TextField("zone géographique", blank=True)
    ore_communes = models.JSONField("communes (codes INSEE)", default=list, blank=True)
    ore_salaire_attendu = models.DecimalField(
        "salaire attendu (brut mensuel, euros)",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    ore_fixee_le = models.DateField("offre raisonnable d'emploi fixée le", null=True, blank=True)
    # Acceptance by the person: the exact version (and its hash) they accepted.
    accepte_le = models.DateTimeField("accepté par la personne le", null=True, blank=True)
    version_acceptee = models.ForeignKey(
        "VersionContrat",
        verbose_name="version acceptée",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # indexed in Meta where filled
    )
    empreinte_acceptee = models.CharField("empreinte SHA-256 de la version acceptée", max_length=64, blank=True)
    # The hash of the PDF the person had in front of them when they accepted (the version's stored document).
    empreinte_document_acceptee = models.CharField("empreinte SHA-256 du document accepté", max_length=64, blank=True)
    # Signature: countersigned online, or signed on paper at a desk (the scan is a documents.Document
    # of nature « signature_papier » attached to the version it signed).
    signe_le = models.DateTimeField("signé le", null=True, blank=True)
    contresigne_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="contresigné par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # indexed in Meta where filled
    )
    # The version that binds the person: set at each signature, kept while a revision is drafted
    # (a revision goes back to draft, the signed version stays in force until the new one is signed).
    version_en_vigueur = models.ForeignKey(
        "VersionContrat",
        verbose_name="version en vigueur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # indexed in Meta where filled
    )
    revision_ouverte_le = models.DateTimeField("révision ouverte le", null=True, blank=True)
    rythme_points_etape = models.PositiveSmallIntegerField(
        "rythme des points d'étape (semaines)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="Intervalle convenu entre deux points d'étape, en semaines.",
    )
    # Set by the sweep (contrats.tasks.signaler_retards) once the référent has been told; never reset,
    # so a sweep run twice tells them once. A re-orientation makes a new contract with its own flags.
    retard_signature_signale_le = models.DateTimeField("retard de signature signalé le", null=True, blank=True)
    alerte_ore_signalee_le = models.DateTimeField("absence d'ORE signalée le", null=True, blank=True)
    created_at = models.DateTimeField("créé le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "contrat d'engagement"
        verbose_name_plural = "contrats d'engagement"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["personne", "orientation"],
                name="contrats_contrat_orientation_unique",
                violation_error_message="Cette personne a déjà un contrat d'engagement pour cette orientation.",
            ),
            models.CheckConstraint(
                condition=~Q(amenagement_duree=AmenagementDuree.MINORATION) | ~Q(motif_minoration=""),
                name="contrats_minoration_motivee",
                violation_error_message=regles.MOTIF_MINORATION_REQUIS,
            ),
            models.CheckConstraint(
                condition=~Q(amenagement_duree=AmenagementDuree.DISPENSE)
                | (Q(dispense_demandee_par_personne=True) & Q(motif_dispense__in=MotifDispense.values)),
                name="contrats_dispense_motivee",
                violation_error_message=regles.DISPENSE_MOTIF_INVALIDE,
            ),
            models.CheckConstraint(
                condition=~Q(statut=StatutContrat.SIGNE) | Q(signe_le__isnull=False),
                name="contrats_contrat_signe_date",
            ),
            models.CheckConstraint(
                condition=~Q(parcours=Parcours.SOCIAL) | Q(ore_fixee_le__isnull=True),
                name="contrats_pas_ore_parcours_social",
            ),
        ]
        indexes = [
            models.Index(fields=["statut", "echeance_signature"], name="contrats_echeance_idx"),
            models.Index(fields=["organisme", "statut"], name="contrats_organisme_idx"),
            index_si_renseigne("version_acceptee", "contrats_vacceptee_idx"),
            index_si_renseigne("contresigne_par", "contrats_contresigne_idx"),
            index_si_renseigne("version_en_vigueur", "contrats_venvigueur_idx"),
        ]

    def __str__(self):
        return f"Contrat d'engagement de {self.personne} ({self.get_statut_display().lower()})"

    # --- Transitions (called by contrats.actions only) ---

    # Named after the state they lead to, so that they are never mistaken for the actions of
    # ``contrats.actions`` that check who may act and record the step (francetravail/base/transitions.py).

    @transition(field=statut, source=StatutContrat.BROUILLON, target=StatutContrat.SOUMIS)
    def vers_soumis(self):
        pass

    @transition(field=statut, source=StatutContrat.SOUMIS, target=StatutContrat.ACCEPTE)
    def vers_accepte(self):
        pass

    @transition(field=statut, source=StatutContrat.SOUMIS, target=StatutContrat.BROUILLON)
    def vers_brouillon_a_modifier(self):
        """The person asks for changes to the submitted version."""

    @transition(field=statut, source=StatutContrat.ACCEPTE, target=StatutContrat.SIGNE)
    def vers_signe(self):
        """The référent countersigns the accepted version."""

    @transition(field=statut, source=[StatutContrat.BROUILLON, StatutContrat.SOUMIS], target=StatutContrat.SIGNE)
    def vers_signe_sur_papier(self):
        pass

    @transition(field=statut, source=StatutContrat.SIGNE, target=StatutContrat.BROUILLON)
    def vers_brouillon_en_revision(self):
        """A point d'étape revises a signed contract: a new draft, the signed version stays in force."""

    # --- Reads ---

    def date_contrat(self):
        """The date of the contract: its signature, or today while it is not signed."""
        return timezone.localdate(self.signe_le) if self.signe_le else timezone.localdate()

    # ``lookup`` is ``parametres.lookup.valeur`` by default; lists pass the in-memory one of
    # ``contrats.queries.parametres_en_memoire`` so that a page of contracts reads the parameters once.

    def mention_jeunes(self, lookup=None):
        date_contrat = self.date_contrat()
        lookup = lookup or valeur
        limite = lookup("contrat.age_mention_jeunes", le=date_contrat, departement=self.personne.departement_id)
        return regles.mention_jeunes(self.personne.date_naissance, date_contrat, age_limite=limite)

    def signature_en_retard(self, aujourdhui=None):
        # A contract under revision (back to draft) was signed: its version in force binds the person.
        return regles.signature_en_retard(
            aujourdhui or timezone.localdate(), self.echeance_signature, signe=self.signe_le is not None
        )

    def alerte_ore(self, aujourdhui=None, lookup=None):
        if not self.signe_le:
            return False
        signe_le = timezone.localdate(self.signe_le)
        return regles.alerte_ore(
            self.parcours,
            signe_le=signe_le,
            ore_fixee_le=self.ore_fixee_le,
            aujourdhui=aujourdhui or timezone.localdate(),
            delai_mois=(lookup or valeur)("contrat.delai_ore", le=signe_le, departement=self.personne.departement_id),
        )

    def derniere_version(self):
        # Lists prefetch the versions (contrats.queries): no query per contract then.
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("versions")
        if prefetched is not None:
            return max(prefetched, key=lambda v: v.numero, default=None)
        return self.versions.order_by("-numero").first()


# The template the contract's document is rendered with (contrats.document.GABARITS): a signed PDF is proved
# by its bytes, so a version keeps the template it was first rendered with, and a change of what the
# document prints is a new template version. 1: the ORE's jobs and communes as codes (every version made
# before versioning); 2: by name, frozen in the content.
VERSION_GABARIT_DOCUMENT = 2


@pghistory.track()
class VersionContrat(models.Model):
    """What was submitted to the person, frozen: the socle, the obligations, the plan and the ORE."""

    contrat = models.ForeignKey(
        ContratEngagement,
        verbose_name="contrat",
        on_delete=models.PROTECT,
        related_name="versions",
        db_index=False,  # contrats_version_numero_unique serves it
    )
    numero = models.PositiveIntegerField("numéro")
    contenu = models.JSONField("contenu soumis")
    empreinte = models.CharField("empreinte SHA-256", max_length=64)
    created_at = models.DateTimeField("soumise le", default=timezone.now, editable=False)
    soumise_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="soumise par",
        on_delete=models.PROTECT,
        related_name="+",
    )
    acceptee_le = models.DateTimeField("acceptée le", null=True, blank=True)
    # The rendered PDF « à accepter », stored once per version; its hash proves what was submitted
    # and accepted (ContratEngagement.empreinte_document_acceptee). Kept after signature.
    document = models.FileField("document PDF", upload_to=NomAleatoire("contrats/versions"), blank=True)
    document_empreinte = models.CharField("empreinte SHA-256 du PDF", max_length=64, blank=True)
    document_genere_le = models.DateTimeField("PDF généré le", null=True, blank=True)
    # Who accepted, who countersigned, when and how, frozen at each step (contrats.document.attestation):
    # the signed copy prints it. Frozen on the version because the contract's own fields belong to
    # the version signed last.
    attestation = models.JSONField("attestation d'acceptation et de signature", null=True, blank=True)
    attestation_le = models.DateTimeField("attestation mise à jour le", null=True, blank=True)
    # The signed copy (the same content with the signature block filled in): the document served from
    # the acceptance on, remade at the countersignature (the earlier one stays in the storage, its name
    # and hash in this model's history).
    document_signe = models.FileField("document PDF signé", upload_to=NomAleatoire("contrats/versions"), blank=True)
    document_signe_empreinte = models.CharField("empreinte SHA-256 du PDF signé", max_length=64, blank=True)
    document_signe_genere_le = models.DateTimeField("PDF signé généré le", null=True, blank=True)
    modification_demandee_le = models.DateTimeField("modification demandée le", null=True, blank=True)
    commentaire_modification = models.TextField("modifications demandées par la personne", blank=True)
    version_gabarit = models.PositiveSmallIntegerField(
        "version du gabarit du document", default=VERSION_GABARIT_DOCUMENT, editable=False
    )

    class Meta:
        verbose_name = "version de contrat d'engagement"
        verbose_name_plural = "versions de contrat d'engagement"
        ordering = ["contrat", "-numero"]
        constraints = [
            models.UniqueConstraint(fields=["contrat", "numero"], name="contrats_version_numero_unique"),
        ]

    def __str__(self):
        return f"Version {self.numero} du contrat {self.contrat_id}"


# Deletions too: a draft action removed before submission leaves a trace.
@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ActionPlan(models.Model):
    """One individual engagement of the plan d'action (R5411-15)."""

    contrat = models.ForeignKey(
        ContratEngagement, verbose_name="contrat", on_delete=models.CASCADE, related_name="actions"
    )
    type_action = models.CharField("type d'action", max_length=25, choices=TypeAction.choices)
    porteur = models.CharField("porteur", max_length=10, choices=PorteurAction.choices)
    description = models.TextField("description")
    debut = models.DateField("début")
    fin = models.DateField("fin", null=True, blank=True)
    heures_hebdo = models.DecimalField(
        "heures par semaine", max_digits=4, decimal_places=1, validators=[MinValueValidator(0)]
    )
    statut = models.CharField("statut", max_length=12, choices=StatutAction.choices, default=StatutAction.PREVUE)
    lien = models.URLField("lien vers l'offre ou la formation", max_length=500, blank=True)
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "action du plan"
        verbose_name_plural = "actions du plan"
        ordering = ["contrat", "debut", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(heures_hebdo__gte=0), name="contrats_action_heures_positives"),
            models.CheckConstraint(
                condition=Q(fin__isnull=True) | Q(fin__gte=models.F("debut")),
                name="contrats_action_periode_valide",
                violation_error_message="La fin de l'action ne peut pas précéder son début.",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_action_display()} : {self.description[:50]}"


class HistoriqueContrat(models.Model):
    """Transition log: who moved a contract, when, from what to what, and why."""

    contrat = models.ForeignKey(
        ContratEngagement, verbose_name="contrat", on_delete=models.CASCADE, related_name="historique"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("le", default=timezone.now)
    statut_avant = models.CharField("statut avant", max_length=10, choices=StatutContrat.choices, blank=True)
    statut_apres = models.CharField("statut après", max_length=10, choices=StatutContrat.choices)
    version = models.PositiveIntegerField("version", null=True, blank=True)
    motif = models.TextField("motif", blank=True)

    class Meta:
        verbose_name = "changement de contrat d'engagement"
        verbose_name_plural = "historique des contrats d'engagement"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.contrat_id} : {self.statut_avant or '—'} → {self.statut_apres}"


@pghistory.track()
class DeclarationActivite(models.Model):
    """The person's weekly activity declaration: hours spent on each action of the plan."""

    contrat = models.ForeignKey(
        ContratEngagement,
        verbose_name="contrat",
        on_delete=models.PROTECT,
        related_name="declarations",
        db_index=False,  # contrats_declaration_semaine_unique serves it
    )
    semaine = models.DateField("semaine du", help_text="Le lundi de la semaine déclarée.")
    commentaire = models.TextField("commentaire", blank=True)
    declaree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="déclarée par", on_delete=models.PROTECT, related_name="+"
    )
    declaree_le = models.DateTimeField("déclarée le", default=timezone.now)
    modifiee_le = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "déclaration d'activité"
        verbose_name_plural = "déclarations d'activité"
        ordering = ["contrat", "-semaine"]
        constraints = [
            models.UniqueConstraint(
                fields=["contrat", "semaine"],
                name="contrats_declaration_semaine_unique",
                violation_error_message="Cette semaine a déjà été déclarée.",
            ),
        ]

    def __str__(self):
        return f"Activité de la semaine du {self.semaine:%d/%m/%Y}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class LigneDeclaration(models.Model):
    declaration = models.ForeignKey(
        DeclarationActivite,
        verbose_name="déclaration",
        on_delete=models.CASCADE,
        related_name="lignes",
        db_index=False,  # contrats_ligne_action_unique serves it
    )
    # PROTECT: an action with declared hours is abandoned, never deleted.
    action = models.ForeignKey(
        ActionPlan, verbose_name="action", on_delete=models.PROTECT, related_name="lignes_declarees"
    )
    heures = models.DecimalField(
        "heures", max_digits=4, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(168)]
    )

    class Meta:
        verbose_name = "ligne de déclaration"
        verbose_name_plural = "lignes de déclaration"
        constraints = [
            models.UniqueConstraint(fields=["declaration", "action"], name="contrats_ligne_action_unique"),
            models.CheckConstraint(
                condition=Q(heures__gte=0) & Q(heures__lte=168), name="contrats_ligne_heures_semaine"
            ),
        ]

    def __str__(self):
        return f"{self.heures} h sur {self.action_id}"
