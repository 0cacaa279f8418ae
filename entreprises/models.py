"""Employers, their offers published once for the whole network, applications, immersions (PMSMP),
the counsellors' follow-up tasks, and the job-search profile used to match people with offers.

State changes go through the modules of this app (``actions``-style functions), never by
assigning a protected state field; each transition is declared here.
"""

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from entreprises.enums import (
    MotifRefus,
    OrigineCandidature,
    RoleEntreprise,
    StatutCandidature,
    StatutImmersion,
    StatutMembre,
    StatutOffre,
    TempsTravail,
    TrancheEffectif,
    TypeContrat,
    TypeTache,
)
from francetravail.base.fichiers import NomAleatoire
from francetravail.reseau.models import Commune

SO = StatutOffre
SC = StatutCandidature
SI = StatutImmersion


def _territoire(commune_id):
    """(département, région) of a commune, for the denormalised matching columns."""
    if not commune_id:
        return "", ""
    dep, reg = Commune.objects.filter(pk=commune_id).values_list("departement_id", "departement__region_id").get()
    return dep or "", reg or ""


class CodeNaf(models.Model):
    """A sub-class of the NAF rév. 2 nomenclature (INSEE), loaded by a migration from
    ``entreprises/data/naf_rev2.csv``."""

    code = models.CharField("code NAF", max_length=6, primary_key=True)
    libelle = models.CharField("libellé", max_length=250)
    code_division = models.CharField("division", max_length=2)
    code_section = models.CharField("section", max_length=1)
    libelle_section = models.CharField("libellé de la section", max_length=250)

    class Meta:
        verbose_name = "code NAF"
        verbose_name_plural = "nomenclature NAF rév. 2"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.libelle}"


@pghistory.track()
class Entreprise(models.Model):
    """An establishment identified by its SIRET (the SIREN is its first nine digits)."""

    siret = models.CharField("SIRET", max_length=14, unique=True)
    siren = models.CharField("SIREN", max_length=9, db_index=True, editable=False)
    nom = models.CharField("raison sociale ou enseigne", max_length=200)
    code_naf = models.ForeignKey(
        CodeNaf, verbose_name="code NAF", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tranche_effectif = models.CharField(
        "tranche d'effectif", max_length=2, choices=TrancheEffectif.choices, default=TrancheEffectif.NN
    )
    adresse = models.CharField("adresse", max_length=250, blank=True)
    commune = models.ForeignKey(
        "reseau.Commune", verbose_name="commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accessibilite_handicap = models.TextField(
        "accueil des travailleurs handicapés",
        blank=True,
        help_text="Accessibilité des locaux, aménagements de poste possibles, référent handicap…",
    )
    # The référent entreprise: a conseiller of the network (France Travail by default).
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="référent entreprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entreprises_suivies",
    )
    organisation_referente = models.ForeignKey(
        "reseau.Organisation",
        verbose_name="organisation du référent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entreprises_suivies",
    )
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "entreprise"
        verbose_name_plural = "entreprises"
        ordering = ["nom", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(siret__regex=r"^[0-9]{14}$"), name="entreprise_siret_14_chiffres"),
        ]

    def __str__(self):
        return f"{self.nom} ({self.siret})"

    def save(self, *args, **kwargs):
        self.siren = self.siret[:9]
        super().save(*args, **kwargs)


@pghistory.track()
class MembreEntreprise(models.Model):
    """A user of a company's space. The first one is its admin; later ones wait for an admin."""

    entreprise = models.ForeignKey(
        Entreprise, verbose_name="entreprise", on_delete=models.CASCADE, related_name="membres"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="utilisateur", on_delete=models.CASCADE, related_name="entreprises"
    )
    role = models.CharField("rôle", max_length=10, choices=RoleEntreprise.choices, default=RoleEntreprise.RECRUTEUR)
    statut = models.CharField("statut", max_length=12, choices=StatutMembre.choices, default=StatutMembre.EN_ATTENTE)
    demande_le = models.DateTimeField("demandé le", default=timezone.now, editable=False)
    decide_le = models.DateTimeField("décidé le", null=True, blank=True)
    decide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidé par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "membre d'une entreprise"
        verbose_name_plural = "membres des entreprises"
        constraints = [
            models.UniqueConstraint(fields=["entreprise", "user"], name="entreprise_membre_unique"),
        ]

    def __str__(self):
        return f"{self.user} — {self.entreprise} ({self.get_role_display()}, {self.get_statut_display()})"


@pghistory.track()
class Offre(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """A job offer, visible to the whole network once published."""

    entreprise = models.ForeignKey(
        Entreprise, verbose_name="entreprise", on_delete=models.PROTECT, related_name="offres"
    )
    titre = models.CharField("intitulé du poste", max_length=200)
    fiche_rome = models.ForeignKey(
        "rome.FicheRome", verbose_name="métier (code ROME)", on_delete=models.PROTECT, related_name="+"
    )
    # Denormalised from the ROME sheet and the commune so that matching is one indexed filter.
    domaine = models.CharField("domaine professionnel", max_length=3, editable=False)
    description = models.TextField("description du poste")
    type_contrat = models.CharField("type de contrat", max_length=12, choices=TypeContrat.choices)
    duree_mois = models.PositiveSmallIntegerField(
        "durée du contrat (mois)", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    temps_travail = models.CharField("temps de travail", max_length=8, choices=TempsTravail.choices)
    heures_hebdo = models.DecimalField(
        "heures par semaine",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(1), MaxValueValidator(48)],
    )
    salaire_min = models.DecimalField(
        "salaire brut mensuel minimum (euros)", max_digits=9, decimal_places=2, validators=[MinValueValidator(0)]
    )
    salaire_max = models.DecimalField(
        "salaire brut mensuel maximum (euros)",
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    commune = models.ForeignKey(
        "reseau.Commune", verbose_name="lieu de travail", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    departement = models.CharField("département", max_length=3, editable=False)
    region = models.CharField("région", max_length=2, editable=False, blank=True)
    date_debut = models.DateField("date de prise de poste")
    nb_postes = models.PositiveSmallIntegerField(
        "nombre de postes", default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    conditions_handicap = models.TextField("conditions d'accueil des travailleurs handicapés", blank=True)
    langues = ArrayField(models.CharField(max_length=60), verbose_name="langues", default=list, blank=True)
    competences = ArrayField(
        models.CharField(max_length=150), verbose_name="compétences attendues", default=list, blank=True
    )
    statut = FSMField("statut", max_length=10, choices=StatutOffre.choices, default=SO.BROUILLON, protected=True)
    # The compliance check's findings: [{"motif": ..., "extrait": ...}]; empty when nothing was flagged.
    conformite = models.JSONField("points de conformité relevés", default=list, blank=True)
    validee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="validée par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    motif_validation = models.TextField("motif de la validation ou du renvoi", blank=True)
    conseiller_recrutement = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="conseiller recrutement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="offres_suivies",
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="créée par", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    publiee_le = models.DateTimeField("publiée le", null=True, blank=True)
    expire_le = models.DateField("expire le", null=True, blank=True)
    cloturee_le = models.DateTimeField("clôturée le", null=True, blank=True)

    class Meta:
        verbose_name = "offre"
        verbose_name_plural = "offres"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["domaine"], condition=Q(statut=SO.PUBLIEE), name="offre_publiee_domaine_idx"),
            models.Index(fields=["statut", "publiee_le"], name="offre_statut_publiee_idx"),
            models.Index(fields=["commune"], name="offre_commune_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(salaire_max__isnull=True) | Q(salaire_max__gte=models.F("salaire_min")),
                name="offre_salaire_max_sup_min",
                violation_error_message="Le salaire maximum ne peut être inférieur au minimum.",
            ),
        ]

    def __str__(self):
        return f"{self.titre} — {self.entreprise.nom if self.entreprise_id else ''}"

    def save(self, *args, **kwargs):
        # A ROME code's first three characters are its domaine professionnel (A1101 → A11).
        self.domaine = (self.fiche_rome_id or "")[:3]
        self.departement, self.region = _territoire(self.commune_id)
        super().save(*args, **kwargs)

    @transition(field=statut, source=SO.BROUILLON, target=SO.A_VALIDER)
    def vers_a_valider(self):
        pass

    @transition(field=statut, source=SO.A_VALIDER, target=SO.BROUILLON)
    def vers_brouillon(self):
        pass

    @transition(field=statut, source=(SO.BROUILLON, SO.A_VALIDER), target=SO.PUBLIEE)
    def vers_publiee(self):
        pass

    @transition(field=statut, source=SO.PUBLIEE, target=SO.POURVUE)
    def vers_pourvue(self):
        pass

    @transition(field=statut, source=SO.PUBLIEE, target=SO.EXPIREE)
    def vers_expiree(self):
        pass

    @transition(field=statut, source=(SO.BROUILLON, SO.A_VALIDER, SO.PUBLIEE), target=SO.RETIREE)
    def vers_retiree(self):
        pass


@pghistory.track()
class Candidature(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """A person's application to an offer, or a conseiller putting them forward (mise en relation)."""

    offre = models.ForeignKey(Offre, verbose_name="offre", on_delete=models.PROTECT, related_name="candidatures")
    personne = models.ForeignKey(
        "personnes.Personne", verbose_name="personne", on_delete=models.PROTECT, related_name="candidatures"
    )
    origine = models.CharField("origine", max_length=20, choices=OrigineCandidature.choices)
    mise_en_relation_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="mise en relation par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.TextField("message à l'employeur", blank=True)
    statut = FSMField("statut", max_length=10, choices=StatutCandidature.choices, default=SC.ENVOYEE, protected=True)
    motif_refus = models.CharField("motif du refus", max_length=15, choices=MotifRefus.choices, blank=True)
    precision_refus = models.TextField("précision sur le refus", blank=True)
    date_embauche = models.DateField("date d'embauche", null=True, blank=True)
    created_at = models.DateTimeField("envoyée le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "candidature"
        verbose_name_plural = "candidatures"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offre", "personne"],
                name="candidature_unique",
                violation_error_message="Cette personne a déjà candidaté ou été proposée pour cette offre.",
            ),
            models.CheckConstraint(
                condition=~Q(statut=SC.REFUSEE) | ~Q(motif_refus=""), name="candidature_refus_motive"
            ),
        ]
        indexes = [models.Index(fields=["personne", "-created_at"], name="candidature_personne_idx")]

    def __str__(self):
        return f"{self.personne_id} → {self.offre_id} ({self.get_statut_display()})"

    @transition(field=statut, source=SC.ENVOYEE, target=SC.VUE)
    def vers_vue(self):
        pass

    @transition(field=statut, source=(SC.ENVOYEE, SC.VUE), target=SC.ENTRETIEN)
    def vers_entretien(self):
        pass

    @transition(field=statut, source=(SC.ENVOYEE, SC.VUE, SC.ENTRETIEN), target=SC.ACCEPTEE)
    def vers_acceptee(self):
        pass

    @transition(field=statut, source=SC.ACCEPTEE, target=SC.EMBAUCHE)
    def vers_embauche(self):
        pass

    @transition(field=statut, source=(SC.ENVOYEE, SC.VUE, SC.ENTRETIEN, SC.ACCEPTEE), target=SC.REFUSEE)
    def vers_refusee(self):
        pass


class HistoriqueCandidature(models.Model):
    """Every transition of an application: who, when, from, to, why."""

    candidature = models.ForeignKey(
        Candidature, verbose_name="candidature", on_delete=models.CASCADE, related_name="historique"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.PROTECT, null=True, related_name="+"
    )
    statut_avant = models.CharField("avant", max_length=10, blank=True)
    statut_apres = models.CharField("après", max_length=10)
    motif = models.TextField("motif", blank=True)
    at = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "changement de candidature"
        verbose_name_plural = "historique des candidatures"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.candidature_id} : {self.statut_avant or '—'} → {self.statut_apres}"


@pghistory.track()
class Immersion(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """A période de mise en situation en milieu professionnel (PMSMP, C. trav. L5135-1 and following):
    a person, a company and the référent agree on dates and objectives; a convention is signed by
    the three parties and an assessment closes it."""

    personne = models.ForeignKey(
        "personnes.Personne", verbose_name="personne", on_delete=models.PROTECT, related_name="immersions"
    )
    entreprise = models.ForeignKey(
        Entreprise, verbose_name="entreprise d'accueil", on_delete=models.PROTECT, related_name="immersions"
    )
    offre = models.ForeignKey(
        Offre, verbose_name="offre liée", on_delete=models.PROTECT, null=True, blank=True, related_name="immersions"
    )
    organisation = models.ForeignKey(
        "reseau.Organisation", verbose_name="organisme prescripteur", on_delete=models.PROTECT, related_name="+"
    )
    referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="référent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    fiche_rome = models.ForeignKey(
        "rome.FicheRome", verbose_name="métier découvert", on_delete=models.PROTECT, related_name="+"
    )
    objectif = models.CharField(
        "objectif",
        max_length=30,
        choices=[
            ("decouvrir", "Découvrir un métier ou un secteur"),
            ("confirmer", "Confirmer un projet professionnel"),
            ("recrutement", "Initier une démarche de recrutement"),
        ],
    )
    objectifs_detail = models.TextField("objectifs et activités prévues")
    tuteur_nom = models.CharField("tuteur dans l'entreprise", max_length=200)
    tuteur_email = models.EmailField("courriel du tuteur", blank=True)
    date_debut = models.DateField("début")
    date_fin = models.DateField("fin")
    horaires = models.CharField("horaires", max_length=250)
    statut = FSMField("statut", max_length=10, choices=StatutImmersion.choices, default=SI.DEMANDEE, protected=True)
    demandee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="demandée par", on_delete=models.PROTECT, related_name="+"
    )
    accord_personne_le = models.DateTimeField("accord de la personne", null=True, blank=True)
    accord_entreprise_le = models.DateTimeField("accord de l'entreprise", null=True, blank=True)
    accord_entreprise_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="accord donné par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    accord_referent_le = models.DateTimeField("accord du prescripteur", null=True, blank=True)
    accord_referent_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="accord du prescripteur par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    convention = models.FileField("convention PDF", upload_to=NomAleatoire("entreprises/immersions"), blank=True)
    convention_empreinte = models.CharField("empreinte SHA-256 de la convention", max_length=64, blank=True)
    bilan = models.TextField("bilan", blank=True)
    bilan_le = models.DateTimeField("bilan fait le", null=True, blank=True)
    bilan_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="bilan fait par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    motif_annulation = models.TextField("motif d'annulation", blank=True)
    created_at = models.DateTimeField("demandée le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "immersion (PMSMP)"
        verbose_name_plural = "immersions (PMSMP)"
        ordering = ["-date_debut", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_fin__gte=models.F("date_debut")), name="immersion_dates_ordonnees"
            ),
            models.CheckConstraint(
                condition=~Q(statut=SI.VALIDEE)
                | Q(
                    accord_personne_le__isnull=False,
                    accord_entreprise_le__isnull=False,
                    accord_referent_le__isnull=False,
                ),
                name="immersion_validee_trois_accords",
            ),
        ]

    def __str__(self):
        return f"Immersion de {self.personne_id} chez {self.entreprise_id} ({self.get_statut_display()})"

    @transition(field=statut, source=SI.DEMANDEE, target=SI.VALIDEE)
    def vers_validee(self):
        pass

    @transition(field=statut, source=SI.VALIDEE, target=SI.TERMINEE)
    def vers_terminee(self):
        pass

    @transition(field=statut, source=(SI.DEMANDEE, SI.VALIDEE), target=SI.ANNULEE)
    def vers_annulee(self):
        pass


class TacheConseiller(models.Model):
    """A follow-up a conseiller owes an employer: the 48-hour callback of a new employer, the
    30-day follow-up of an unfilled offer. One task per (kind, offer) or (kind, company)."""

    type_tache = models.CharField("tâche", max_length=12, choices=TypeTache.choices)
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="conseiller",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="taches_entreprises",
    )
    organisation = models.ForeignKey(
        "reseau.Organisation",
        verbose_name="organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    entreprise = models.ForeignKey(
        Entreprise, verbose_name="entreprise", on_delete=models.CASCADE, related_name="taches"
    )
    offre = models.ForeignKey(
        Offre, verbose_name="offre", on_delete=models.CASCADE, null=True, blank=True, related_name="taches"
    )
    echeance = models.DateTimeField("à faire avant le")
    faite_le = models.DateTimeField("faite le", null=True, blank=True)
    faite_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="faite par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    compte_rendu = models.TextField("compte rendu", blank=True)
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "tâche de suivi entreprise"
        verbose_name_plural = "tâches de suivi entreprise"
        ordering = ["echeance", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["type_tache", "offre"], condition=Q(offre__isnull=False), name="tache_une_par_offre"
            ),
            models.UniqueConstraint(
                fields=["type_tache", "entreprise"], condition=Q(offre__isnull=True), name="tache_une_par_entreprise"
            ),
        ]
        indexes = [
            models.Index(
                fields=["conseiller", "echeance"], condition=Q(faite_le__isnull=True), name="tache_a_faire_idx"
            )
        ]

    def __str__(self):
        return f"{self.get_type_tache_display()} — {self.entreprise_id} (avant le {self.echeance:%d/%m/%Y %H:%M})"

    def en_retard(self, maintenant=None):
        return self.faite_le is None and (maintenant or timezone.now()) > self.echeance


class ProfilRecherche(models.Model):
    """What an employer may know of a person's job search, and what matching reads.

    Career data only (target jobs, place, availability, contract wishes, the ORE's jobs and
    communes): never the diagnostic nor any social data. Kept up to date from the contract's
    ORE and edited by the person in their space; ``visible`` is the person's opt-out.
    """

    personne = models.OneToOneField(
        "personnes.Personne",
        verbose_name="personne",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="profil_recherche",
    )
    visible = models.BooleanField(
        "visible des employeurs", default=True, help_text="La personne peut refuser d'être proposée aux employeurs."
    )
    parcours_professionnel = models.BooleanField("en parcours professionnel", default=False)
    codes_rome = ArrayField(
        models.CharField(max_length=5), verbose_name="métiers recherchés", default=list, blank=True
    )
    domaines = ArrayField(
        models.CharField(max_length=3),
        verbose_name="domaines professionnels",
        default=list,
        blank=True,
        editable=False,
    )
    commune = models.ForeignKey(
        "reseau.Commune",
        verbose_name="commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    departement = models.CharField("département", max_length=3, blank=True, editable=False)
    region = models.CharField("région", max_length=2, blank=True, editable=False)
    disponible_le = models.DateField("disponible à partir du", null=True, blank=True)
    types_contrat = ArrayField(
        models.CharField(max_length=12, choices=TypeContrat.choices),
        verbose_name="contrats recherchés",
        default=list,
        blank=True,
        help_text="Vide : tous les contrats.",
    )
    temps_travail = models.CharField(
        "temps de travail recherché",
        max_length=8,
        choices=TempsTravail.choices,
        blank=True,
        help_text="Vide : indifférent.",
    )
    salaire_attendu = models.DecimalField(
        "salaire brut mensuel attendu (euros)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    ore_codes_rome = ArrayField(
        models.CharField(max_length=5),
        verbose_name="métiers de l'offre raisonnable d'emploi",
        default=list,
        blank=True,
    )
    ore_communes = ArrayField(
        models.CharField(max_length=5),
        verbose_name="communes de l'offre raisonnable d'emploi",
        default=list,
        blank=True,
    )
    # A hire recorded through an application: the person's situation becomes « en emploi »
    # (matching leaves them out until the référent or the person reopens the search).
    en_emploi_depuis = models.DateField("en emploi depuis", null=True, blank=True)
    embauche = models.ForeignKey(
        "Candidature", verbose_name="embauche", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    class Meta:
        verbose_name = "profil de recherche d'emploi"
        verbose_name_plural = "profils de recherche d'emploi"
        indexes = [
            GinIndex(
                fields=["domaines"],
                name="profil_domaines_gin",
                condition=Q(visible=True, parcours_professionnel=True, en_emploi_depuis__isnull=True),
            ),
        ]

    def __str__(self):
        return f"Profil de recherche de {self.personne_id}"

    def save(self, *args, **kwargs):
        self.domaines = sorted({code[:3] for code in self.codes_rome})
        self.departement, self.region = _territoire(self.commune_id)
        super().save(*args, **kwargs)


class ClientAPIEntreprise(models.Model):
    """The company an employer's recruitment software (ATS) calls the API for.

    The client (``partenaires.ClientAPI``, without organisation) acts as its technical account,
    an employer's account that is an active recruiter of ``entreprise``: the API reads and writes
    the company's offers through the same gate as the employer's pages.
    """

    client = models.OneToOneField(
        "partenaires.ClientAPI",
        verbose_name="client de l'API",
        on_delete=models.CASCADE,
        related_name="entreprise_api",
    )
    entreprise = models.ForeignKey(
        Entreprise, verbose_name="entreprise", on_delete=models.PROTECT, related_name="clients_api"
    )

    class Meta:
        verbose_name = "client de l'API d'une entreprise"
        verbose_name_plural = "clients de l'API des entreprises"

    def __str__(self):
        return f"{self.client.nom} — {self.entreprise}"
