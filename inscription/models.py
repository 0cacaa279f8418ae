"""Registration: how and when a person entered the network, their category, their
NIR (kept to match records, never shown in full) and their RSA rights."""

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from francetravail.base.fichiers import NomAleatoire
from francetravail.base.index import index_si_renseigne
from inscription.enums import (
    ETATS_CLOS,
    AbsentsDuStock,
    AccompagnementSouhaite,
    Canal,
    Categorie,
    Disponibilite,
    FormatFlux,
    IntensiteFrein,
    Logement,
    MaturiteProjet,
    MotifFinAccompagnement,
    Nationalite,
    NiveauFrancais,
    NiveauQualification,
    OrganismePayeur,
    PreferenceStructure,
    Prestation,
    ResultatLigne,
    RoleFoyer,
    SeProjette,
    SituationFamiliale,
    SituationProfessionnelle,
    StatutDoublon,
    StatutImport,
    StatutInscription,
    TypeFlux,
    TypeFrein,
)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class DossierInscription(models.Model):
    """One per person. Category and status changes are kept by pghistory (the history of changes)."""

    personne = models.OneToOneField(
        "personnes.Personne", verbose_name="personne", on_delete=models.CASCADE, related_name="inscription"
    )
    # The NIR matches records across flows (CAF/MSA, desk, online). It is validated
    # with its key, never displayed in full (nir_masque) and never a search criterion
    # outside the référent organisation.
    # Unique by a constraint rather than unique=True: the same index, without the
    # text-pattern one Django adds to a unique text field (a NIR is never searched by prefix).
    nir = models.CharField("NIR", max_length=15, null=True, blank=True)  # noqa: DJ001 — unknown is NULL: unique
    canal = models.CharField("canal d'inscription", max_length=20, choices=Canal.choices)
    organisation = models.ForeignKey(
        "reseau.Organisation",
        verbose_name="organisation d'inscription",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # indexed in Meta where filled
    )
    statut = models.CharField(
        "statut", max_length=20, choices=StatutInscription.choices, default=StatutInscription.EN_COURS
    )
    categorie = models.CharField("catégorie", max_length=1, choices=Categorie.choices, blank=True)
    inscrit_le = models.DateTimeField("inscrit le", null=True, blank=True)
    # Last step of the registration saved (the form saves as it goes).
    etape = models.CharField("dernière étape enregistrée", max_length=30, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="inscrit par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # indexed in Meta where filled
    )

    # Identity beyond the core record (SPEC §2.1)
    commune_naissance = models.ForeignKey(
        "reseau.Commune",
        verbose_name="commune de naissance",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # never a filter; an index would only slow the registrations down
    )
    pays_naissance = models.CharField("pays de naissance", max_length=100, blank=True)
    nationalite = models.CharField("nationalité", max_length=10, choices=Nationalite.choices, blank=True)
    titre_sejour_fin = models.DateField("fin de validité du titre de séjour", null=True, blank=True)

    # Situation
    situation_familiale = models.CharField(
        "situation familiale", max_length=10, choices=SituationFamiliale.choices, blank=True
    )
    nb_enfants_charge = models.PositiveSmallIntegerField("enfants à charge", null=True, blank=True)
    enfant_moins_12_ans = models.BooleanField("un enfant de moins de 12 ans", null=True, blank=True)
    logement = models.CharField("logement", max_length=20, choices=Logement.choices, blank=True)
    situation_professionnelle = models.CharField(
        "situation professionnelle", max_length=20, choices=SituationProfessionnelle.choices, blank=True
    )
    heures_travaillees_mois = models.PositiveSmallIntegerField("heures travaillées par mois", null=True, blank=True)
    activite_deux_ans = models.BooleanField("activité professionnelle dans les deux dernières années", null=True)
    prestations = ArrayField(
        models.CharField(max_length=10, choices=Prestation.choices),
        verbose_name="prestations",
        default=list,
        blank=True,
    )
    permis_b = models.BooleanField("permis B", null=True, blank=True)
    niveau_francais = models.CharField("niveau de français", max_length=15, choices=NiveauFrancais.choices, blank=True)

    # Skills and project
    niveau_qualification = models.CharField(
        "niveau de qualification", max_length=15, choices=NiveauQualification.choices, blank=True
    )
    diplome = models.CharField("diplôme le plus élevé", max_length=200, blank=True)
    experiences = models.TextField("expériences", blank=True)
    disponibilite = models.CharField("disponibilité", max_length=10, choices=Disponibilite.choices, blank=True)
    se_projette = models.CharField("se projette dans un emploi", max_length=10, choices=SeProjette.choices, blank=True)
    projet = models.TextField("projet professionnel", blank=True)

    # Pré-diagnostic: what the person wants, read by the orientation (their preference is recorded).
    maturite_projet = models.CharField("maturité du projet", max_length=15, choices=MaturiteProjet.choices, blank=True)
    accompagnement_souhaite = models.CharField(
        "accompagnement souhaité", max_length=15, choices=AccompagnementSouhaite.choices, blank=True
    )
    preference_structure = models.CharField(
        "structure souhaitée", max_length=25, choices=PreferenceStructure.choices, blank=True
    )
    # Spotted by the conseiller at the desk: the orientation goes straight to an interview.
    urgence = models.BooleanField("situation d'urgence repérée au guichet", default=False)

    # A radiation ends the registration for its length (C. trav. R5412-5: it bars re-registration
    # for its whole duration): « cessée » from its first day to its last, then reopened the day after,
    # or at once when an appeal annuls it (inscription.cessation).
    cessee_le = models.DateField("inscription cessée le", null=True, blank=True)
    cessee_jusqu_au = models.DateField("inscription cessée jusqu'au (inclus)", null=True, blank=True)
    motif_cessation = models.TextField("motif de la cessation", blank=True)
    rouverte_le = models.DateField("inscription rouverte le", null=True, blank=True)
    motif_reouverture = models.TextField("motif de la réouverture", blank=True)
    # The référent ends an accompaniment (inscription.actions.terminer_accompagnement): « cessée » too, from
    # ``cessee_le``, but with no last day (``cessee_jusqu_au`` empty) and the reason from the list here; only
    # a reopening by the référent ends it. Empty for a radiation, which is time-limited.
    motif_fin_accompagnement = models.CharField(
        "motif de la fin de l'accompagnement", max_length=20, choices=MotifFinAccompagnement.choices, blank=True
    )

    created_at = models.DateTimeField("créé le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "dossier d'inscription"
        verbose_name_plural = "dossiers d'inscription"
        indexes = [
            models.Index(fields=["categorie", "statut"], name="inscription_categorie_idx"),
            index_si_renseigne("organisation", "inscription_organisation_idx"),
            index_si_renseigne("created_by", "inscription_created_by_idx"),
            # The reopening sweep reads the ceased registrations by their last day.
            models.Index(
                fields=["cessee_jusqu_au"],
                condition=Q(statut=StatutInscription.CESSEE),
                name="inscription_cessee_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["nir"], name="inscription_nir_unique"),
            # A ceased registration says from when and why, and until when unless the accompaniment ended
            # (a radiation is time-limited; an ended accompaniment has its reason from the list instead).
            models.CheckConstraint(
                condition=~Q(statut=StatutInscription.CESSEE)
                | (
                    Q(cessee_le__isnull=False)
                    & ~Q(motif_cessation="")
                    & (
                        Q(cessee_jusqu_au__gte=F("cessee_le"), motif_fin_accompagnement="")
                        | (Q(cessee_jusqu_au__isnull=True) & ~Q(motif_fin_accompagnement=""))
                    )
                ),
                name="inscription_cessation_datee_motivee",
                violation_error_message="Une inscription cessée a ses dates et son motif.",
            ),
        ]

    def __str__(self):
        return f"Inscription de {self.personne}"

    @property
    def accompagnement_termine(self):
        """Ceased because the référent ended the accompaniment (not time-limited), not by a radiation."""
        return self.statut == StatutInscription.CESSEE and bool(self.motif_fin_accompagnement)

    @property
    def nir_masque(self):
        """Sex and year of birth only: enough to tell two records apart on screen."""
        return f"{self.nir[0]} {self.nir[1:3]} •• •• ••• ••• ••" if self.nir else ""


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class FreinIdentifie(models.Model):
    """A barrier to work as the person (or the conseiller with them) first identifies it at registration."""

    dossier = models.ForeignKey(
        DossierInscription, verbose_name="dossier", on_delete=models.CASCADE, related_name="freins"
    )
    type_frein = models.CharField("frein", max_length=30, choices=TypeFrein.choices)
    intensite = models.CharField("intensité", max_length=15, choices=IntensiteFrein.choices)

    class Meta:
        verbose_name = "frein identifié"
        verbose_name_plural = "freins identifiés"
        constraints = [models.UniqueConstraint(fields=["dossier", "type_frein"], name="frein_unique_par_dossier")]

    def __str__(self):
        return f"{self.get_type_frein_display()} : {self.get_intensite_display()}"


class DroitRSAQuerySet(models.QuerySet):
    def en_vigueur(self, le=None):
        """Rights not ended on ``le`` (today): the président du conseil départemental may end one
        (``fin_droit``, CASF R262-68), which removes the person from the RSA list from that day; and
        the CAF/MSA flow closes or refuses a household's right (``FoyerRSA.etat`` in ``ETATS_CLOS``,
        issue 18), which ends the rights of all its members until a file reopens it."""
        le = le or timezone.localdate()
        return self.filter(Q(fin_droit__isnull=True) | Q(fin_droit__gt=le)).filter(
            Q(foyer__isnull=True) | ~Q(foyer__etat__in=sorted(ETATS_CLOS))
        )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class DroitRSA(models.Model):
    """An RSA right as the CAF or the MSA transmits it: one row per member of the household it covers."""

    personne = models.ForeignKey(
        "personnes.Personne", verbose_name="personne", on_delete=models.CASCADE, related_name="droits_rsa"
    )
    organisme_payeur = models.CharField("organisme payeur", max_length=3, choices=OrganismePayeur.choices)
    numero_allocataire = models.CharField("numéro d'allocataire", max_length=20)
    role = models.CharField("rôle dans le foyer", max_length=10, choices=RoleFoyer.choices)
    date_ouverture = models.DateField("ouverture du droit")
    nb_personnes_foyer = models.PositiveSmallIntegerField("personnes au foyer", default=1)
    nb_enfants = models.PositiveSmallIntegerField("enfants à charge", default=0)
    # The end of the right decided by the président du conseil départemental after a total suppression
    # of 4 months (CASF R262-68, R262-40 3°: sanctions.fin_droit); cleared when an appeal annuls it.
    # ``db_default``: the CAF/MSA flow inserts rights in SQL, naming its columns (inscription.import_caf).
    fin_droit = models.DateField("fin du droit", null=True, blank=True)
    motif_fin = models.TextField("motif de la fin du droit", blank=True, db_default="")
    import_source = models.ForeignKey(
        "inscription.ImportFluxCAF",
        verbose_name="import",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The household this right belongs to as the flow describes it (its state, reasons, composition).
    # Empty for the rights of the historical CSV imported before the household existed.
    foyer = models.ForeignKey(
        "inscription.FoyerRSA",
        verbose_name="foyer RSA",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="droits",
    )
    # TOPPERSDRODEVORSA: None when the flow did not say (« inconnu », never « non »).
    soumis_droits_devoirs = models.BooleanField("soumis aux droits et devoirs", null=True, blank=True)
    # DFRATDOS: the member left the household on that day (household change).
    sorti_du_foyer_le = models.DateField("sorti du foyer le", null=True, blank=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = DroitRSAQuerySet.as_manager()

    class Meta:
        verbose_name = "droit au RSA"
        verbose_name_plural = "droits au RSA"
        constraints = [
            models.UniqueConstraint(
                fields=["organisme_payeur", "numero_allocataire", "personne"], name="droit_rsa_unique_par_personne"
            ),
            models.CheckConstraint(
                condition=Q(fin_droit__isnull=True) | ~Q(motif_fin=""),
                name="droit_rsa_fin_motivee",
                violation_error_message="La fin d'un droit au RSA est motivée.",
            ),
        ]

    def __str__(self):
        return f"{self.get_organisme_payeur_display()} {self.numero_allocataire} ({self.get_role_display()})"


class ImportFluxCAF(models.Model):
    """One run of the CAF/MSA flow import, with its counts and progress (see inscription/import_caf.py)."""

    fichier = models.FileField("fichier", upload_to=NomAleatoire("imports_caf"))
    nom_fichier = models.CharField("nom du fichier", max_length=255, blank=True)
    empreinte = models.CharField("empreinte SHA-256", max_length=64, blank=True)
    statut = models.CharField("statut", max_length=20, choices=StatutImport.choices, default=StatutImport.EN_ATTENTE)
    nb_lignes = models.PositiveIntegerField("lignes", default=0)
    nb_traitees = models.PositiveIntegerField("lignes traitées", default=0)
    nb_creees = models.PositiveIntegerField("personnes inscrites", default=0)
    nb_mises_a_jour = models.PositiveIntegerField("personnes mises à jour", default=0)
    nb_inchangees = models.PositiveIntegerField("lignes sans changement", default=0)
    nb_rejetees = models.PositiveIntegerField("lignes rejetées", default=0)
    nb_cloturees = models.PositiveIntegerField("droits clos", default=0)
    nb_ignorees = models.PositiveIntegerField("lignes ignorées", default=0)
    erreur = models.TextField("erreur", blank=True)
    encodage = models.CharField("encodage", max_length=12, blank=True)
    # How the file is read, and what it says of itself (inscription/flux/modele.py: EnteteFlux).
    format = models.CharField("format", max_length=20, choices=FormatFlux.choices, default=FormatFlux.CSV_PLATEFORME)
    correspondance = models.ForeignKey(
        "inscription.CorrespondanceColonnes",
        verbose_name="correspondance de colonnes",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="imports",
    )
    # The département that sent it (upload from the back-office, drop folder); empty: national (admin, command).
    departement = models.ForeignKey(
        "reseau.Departement",
        verbose_name="département",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    type_flux = models.CharField("type de flux", max_length=1, choices=TypeFlux.choices, blank=True)
    date_flux = models.DateTimeField("flux créé le", null=True, blank=True)  # DTCREAFLUX + HEUCREAFLUX
    date_reference = models.DateField("date de référence du flux", null=True, blank=True)  # DTREF
    # A run killed mid-way (worker lost, time limit) is resumed after the last committed batch, and
    # the sweep re-drives a run that gave no news for FLUX_CAF_DELAI_SANS_NOUVELLES (import_caf.py).
    tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    derniere_ligne = models.PositiveIntegerField("dernière ligne écrite", default=0)
    actif_le = models.DateTimeField("dernière activité", default=timezone.now)
    lance_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="lancé par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    debut = models.DateTimeField("début", null=True, blank=True)
    fin = models.DateTimeField("fin", null=True, blank=True)

    class Meta:
        verbose_name = "import du flux CAF/MSA"
        verbose_name_plural = "imports du flux CAF/MSA"
        ordering = ["-cree_le"]

    def __str__(self):
        return f"Import {self.nom_fichier or self.pk} du {self.cree_le:%d/%m/%Y %H:%M}"

    @property
    def rejets(self):
        """The rejected lines of its report."""
        return self.lignes.filter(resultat=ResultatLigne.REJETEE)

    @property
    def progression(self):
        """Percentage of lines processed (0 to 100)."""
        return round(100 * self.nb_traitees / self.nb_lignes) if self.nb_lignes else 0


class LigneRapport(models.Model):
    """What one line (one household) of an import did, with why: the downloadable report.

    Every result but « sans changement » has its row (those are counted on the import: a monthly
    stock has millions of them).
    """

    import_flux = models.ForeignKey(
        ImportFluxCAF, verbose_name="import", on_delete=models.CASCADE, related_name="lignes"
    )
    numero_ligne = models.PositiveIntegerField("ligne")
    resultat = models.CharField(
        "résultat", max_length=12, choices=ResultatLigne.choices, default=ResultatLigne.REJETEE
    )
    numero_allocataire = models.CharField("numéro d'allocataire", max_length=20, blank=True)
    motif = models.TextField("motif", blank=True)
    contenu = models.TextField("contenu de la ligne", blank=True)

    class Meta:
        verbose_name = "ligne du rapport d'import"
        verbose_name_plural = "lignes du rapport d'import"
        ordering = ["numero_ligne"]
        indexes = [models.Index(fields=["import_flux", "resultat", "numero_ligne"], name="rapport_import_idx")]

    def __str__(self):
        return f"Ligne {self.numero_ligne} ({self.get_resultat_display()}) : {self.motif}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class FoyerRSA(models.Model):
    """An RSA household (« dossier RSA ») as the CAF or the MSA last described it: its right's state.

    One per organisme and allocataire number. ``date_flux`` is the creation time of the file last
    applied to it: an older file never overwrites it (caf-msa-flux.md §4, carnet-de-bord's bug).
    """

    organisme_payeur = models.CharField("organisme payeur", max_length=3, choices=OrganismePayeur.choices)
    numero_allocataire = models.CharField("numéro d'allocataire", max_length=20)
    departement = models.ForeignKey(
        "reseau.Departement",
        verbose_name="département",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # ETATDOSRSA as received: inscription.enums.EtatDroitRSA, or an unknown code kept as is.
    etat = models.CharField("état du droit", max_length=4, blank=True)
    etat_depuis = models.DateField("dans cet état depuis", null=True, blank=True)
    motif_suspension = models.CharField("motif de suspension", max_length=10, blank=True)
    date_suspension = models.DateField("suspendu le", null=True, blank=True)
    motif_cloture = models.CharField("motif de clôture", max_length=10, blank=True)
    date_cloture = models.DateField("clos le", null=True, blank=True)
    motif_refus = models.CharField("motif de refus", max_length=10, blank=True)
    date_demande = models.DateField("demande du", null=True, blank=True)
    numero_demande = models.CharField("numéro de demande", max_length=20, blank=True)
    date_ouverture = models.DateField("ouverture du droit", null=True, blank=True)
    situation_famille = models.CharField("situation de famille", max_length=4, blank=True)
    nb_personnes = models.PositiveSmallIntegerField("personnes au foyer", null=True, blank=True)
    nb_enfants = models.PositiveSmallIntegerField("enfants à charge", null=True, blank=True)
    majoration_isolement = models.BooleanField("majoration pour isolement", null=True, blank=True)
    sans_domicile_fixe = models.BooleanField("sans domicile fixe", null=True, blank=True)
    # A monthly stock no longer lists it (setting AbsentsDuStock.A_EXAMINER): someone has to look.
    absent_du_stock_le = models.DateField("absent du stock mensuel du", null=True, blank=True)
    empreinte = models.CharField("empreinte du contenu", max_length=32, blank=True)
    empreinte_brute = models.CharField("empreinte des octets", max_length=32, blank=True)
    date_flux = models.DateTimeField("flux appliqué créé le", null=True, blank=True)
    import_source = models.ForeignKey(
        ImportFluxCAF,
        verbose_name="dernier import",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "foyer RSA"
        verbose_name_plural = "foyers RSA"
        constraints = [
            models.UniqueConstraint(fields=["organisme_payeur", "numero_allocataire"], name="foyer_rsa_unique"),
        ]
        indexes = [index_si_renseigne("absent_du_stock_le", "foyer_rsa_absent_idx")]

    def __str__(self):
        return f"{self.organisme_payeur} {self.numero_allocataire}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent())
class CorrespondanceColonnes(models.Model):
    """How a département's export (CSV or XLSX) names the fields the platform reads: one per export.

    ``colonnes`` maps each field of ``inscription.flux.tableur.CHAMPS`` to the headers that may carry
    it (compared without case nor accents); ``valeurs`` maps, per field, the file's codes to ours
    (e.g. role « DEM » -> demandeur). A national one (no département) is the platform's historical CSV.
    Its versions are kept (pghistory): who changed what, when.
    """

    departement = models.ForeignKey(
        "reseau.Departement",
        verbose_name="département",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Vide : correspondance nationale, proposée à tous.",
    )
    nom = models.CharField("nom", max_length=120)
    feuille = models.CharField("feuille (XLSX)", max_length=100, blank=True, help_text="Vide : la première feuille.")
    colonnes = models.JSONField("colonnes", default=dict, blank=True)
    valeurs = models.JSONField("valeurs", default=dict, blank=True)
    type_flux = models.CharField(
        "type de fichier",
        max_length=1,
        choices=TypeFlux.choices,
        default=TypeFlux.QUOTIDIEN,
        help_text="Un stock peut clore les droits qu'il ne cite plus, selon le réglage du département.",
    )
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="modifié par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "correspondance de colonnes"
        verbose_name_plural = "correspondances de colonnes"
        ordering = ["departement_id", "nom"]
        constraints = [
            models.UniqueConstraint(Coalesce("departement", Value("")), "nom", name="correspondance_nom_unique"),
        ]

    def __str__(self):
        return self.nom


class ReglagesFluxDepartement(models.Model):
    """A département's choices for its flows; a département without a row has the defaults."""

    departement = models.OneToOneField(
        "reseau.Departement",
        verbose_name="département",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    absents_du_stock = models.CharField(
        "droits absents d'un stock mensuel",
        max_length=12,
        choices=AbsentsDuStock.choices,
        default=AbsentsDuStock.A_EXAMINER,
    )
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="modifié par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "réglages des flux d'un département"
        verbose_name_plural = "réglages des flux des départements"

    def __str__(self):
        return f"Réglages des flux ({self.departement_id})"


class DoublonPotentiel(models.Model):
    """Two files that may be the same person: a person decides, the system never merges silently."""

    personne = models.ForeignKey(
        "personnes.Personne", verbose_name="dossier récent", on_delete=models.CASCADE, related_name="+"
    )
    autre = models.ForeignKey(
        "personnes.Personne", verbose_name="dossier existant", on_delete=models.CASCADE, related_name="+"
    )
    motif = models.CharField("motif", max_length=200)
    statut = models.CharField("statut", max_length=15, choices=StatutDoublon.choices, default=StatutDoublon.A_EXAMINER)
    examine_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="examiné par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    examine_le = models.DateTimeField("examiné le", null=True, blank=True)
    cree_le = models.DateTimeField("signalé le", default=timezone.now)

    class Meta:
        verbose_name = "doublon potentiel"
        verbose_name_plural = "doublons potentiels"
        constraints = [models.UniqueConstraint(fields=["personne", "autre"], name="doublon_unique_par_paire")]
        indexes = [models.Index(fields=["statut", "cree_le"], name="doublon_statut_idx")]

    def __str__(self):
        return f"{self.personne} / {self.autre} ({self.get_statut_display()})"
