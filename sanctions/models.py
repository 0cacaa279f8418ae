"""Manquements and the suspension-remobilisation procedure (legal-rules.md §4).

A ``Manquement`` is a failure found (an unexcused absence, a référent's report, a
control). A ``ProcedureSanction`` is the procédure contradictoire run on it: global
review, prior notice with its 10-day delay, observations or hearing, decision by a
person with the right role within the legal range, then the sanction and its end.
Every transition is declared below, called by ``sanctions.actions`` only, and logged
in ``HistoriqueProcedure``. Appeals are ``Recours``, with their own state machine.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from francetravail.base.fichiers import NomAleatoire
from sanctions.enums import (
    Mesure,
    Public,
    SourceManquement,
    StatutFinDroit,
    StatutProcedure,
    StatutRecours,
    TypeManquement,
    VoieRecours,
)

S = StatutProcedure


class TypeCourrier(models.TextChoices):
    AVERTISSEMENT_PREALABLE = "avertissement_prealable", "Avertissement préalable"
    DECISION = "decision", "Notification de la décision"
    LEVEE = "levee", "Levée de la sanction"
    ACCUSE_RECOURS = "accuse_recours", "Accusé de réception du recours"
    FIN_DROIT_RSA = "fin_droit_rsa", "Décision de fin de droit au RSA"


class DestinataireCourrier(models.TextChoices):
    PERSONNE = "personne", "La personne"
    REPRESENTANT_LEGAL = "representant_legal", "Son représentant légal"


# A procedure in one of these states is over: a new one may be opened on the same manquement
# (e.g. after a decision annulled on appeal the facts may be examined again).
STATUTS_CLOS = (S.CLASSEE, S.LEVEE, S.ECHUE, S.ANNULEE)
# The person answered, was heard, missed the hearing they asked for, or let the delay pass: from these
# states the case goes before its decider once the contradictory phase is over, that is once a hearing
# was held or the 10 days ran out (``actions._phase_contradictoire_close``). « Audition demandée » is
# not among them: a hearing asked for and not held keeps the case in the contradictory phase.
STATUTS_APRES_AVERTISSEMENT = (S.OBSERVATIONS_RECUES, S.AUDITION_TENUE, S.AUDITION_MANQUEE, S.DELAI_EXPIRE)
# A decision exists in these states.
STATUTS_DECIDES = (S.DECISION_NOTIFIEE, S.SANCTION_EN_COURS, S.LEVEE, S.ECHUE)
# Written observations may be completed while the period runs, whatever else the person did in it.
STATUTS_COMPLEMENT_OBSERVATIONS = (S.OBSERVATIONS_RECUES, S.AUDITION_DEMANDEE, S.AUDITION_MANQUEE)
STATUTS_RECOURS_CLOS = (StatutRecours.MAINTENUE, StatutRecours.REFORMEE, StatutRecours.ANNULEE)


@pghistory.track()
class Manquement(models.Model):
    """A failure to meet an obligation, as found: what, when, how it was found, on what evidence."""

    personne = models.ForeignKey(
        "personnes.Personne", verbose_name="personne", on_delete=models.PROTECT, related_name="manquements"
    )
    type_manquement = models.CharField("manquement", max_length=20, choices=TypeManquement.choices)
    source = models.CharField("origine", max_length=20, choices=SourceManquement.choices)
    faits = models.TextField("faits constatés")
    elements_preuve = models.TextField("éléments de preuve", blank=True)
    date_faits = models.DateField("date des faits")
    organisation = models.ForeignKey(
        "reseau.Organisation", verbose_name="organisation qui signale", on_delete=models.PROTECT, related_name="+"
    )
    signale_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="signalé par", on_delete=models.PROTECT, related_name="+"
    )
    signale_le = models.DateTimeField("signalé le", default=timezone.now)
    # The unexcused absence this manquement takes over (rendezvous app): one manquement per absence.
    manquement_rdv = models.OneToOneField(
        "rendezvous.ManquementAExaminer",
        verbose_name="absence à examiner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="manquement_sanction",
    )

    class Meta:
        verbose_name = "manquement"
        verbose_name_plural = "manquements"
        ordering = ["-date_faits", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(faits=""),
                name="sanctions_manquement_faits",
                violation_error_message="Décrivez les faits.",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_manquement_display()} — {self.personne} ({self.date_faits:%d/%m/%Y})"


@pghistory.track()
class ProcedureSanction(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    personne = models.ForeignKey(
        "personnes.Personne", verbose_name="personne", on_delete=models.PROTECT, related_name="procedures_sanction"
    )
    manquement = models.ForeignKey(
        Manquement,
        verbose_name="manquement",
        on_delete=models.PROTECT,
        related_name="procedures",
        db_index=False,  # sanctions_procedure_manquement_idx
    )
    public = models.CharField("public", max_length=20, choices=Public.choices)
    statut = FSMField("statut", max_length=25, choices=S.choices, default=S.OUVERTE, protected=True)
    organisation = models.ForeignKey(
        "reseau.Organisation",
        verbose_name="organisation qui conduit la procédure",
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation_decisionnaire = models.ForeignKey(
        "reseau.Organisation", verbose_name="organisation qui décide", on_delete=models.PROTECT, related_name="+"
    )
    # When France Travail controls a bRSA it only proposes; the département decides (L262-37 IV).
    sur_proposition = models.BooleanField("décision sur proposition de France Travail", default=False)
    ouverte_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="ouverte par", on_delete=models.PROTECT, related_name="+"
    )
    # Examen global de la situation: what accompaniment the person actually received.
    examen = models.TextField("examen global de la situation", blank=True)
    accompagnement_fourni = models.TextField("accompagnement effectivement proposé", blank=True)
    examine_le = models.DateTimeField("examinée le", null=True, blank=True)
    motif_classement = models.TextField("motif du classement sans suite", blank=True)
    # Avertissement préalable (R5412-7): a provable date, the facts, the envisaged sanction, 10 days.
    mesure_envisagee = models.CharField("mesure envisagée", max_length=15, choices=Mesure.choices, blank=True)
    sanction_envisagee = models.TextField("sanction envisagée", blank=True)
    avertissement_notifie_le = models.DateField("avertissement préalable notifié le", null=True, blank=True)
    echeance_observations = models.DateField("observations attendues jusqu'au", null=True, blank=True)
    # Minors and protected adults: the notice goes to their legal representative too.
    representant_legal = models.TextField("représentant légal destinataire", blank=True)
    # Where the legal representative's copy is announced by e-mail (their letter itself is the PDF).
    representant_legal_courriel = models.EmailField("courriel du représentant légal", blank=True)
    observations = models.TextField("observations de la personne", blank=True)
    observations_recues_le = models.DateField("observations reçues le", null=True, blank=True)
    audition_le = models.DateField("audition tenue le", null=True, blank=True)
    audition_compte_rendu = models.TextField("compte rendu de l'audition", blank=True)
    audition_assistee_par = models.CharField("personne assistant la personne entendue", max_length=200, blank=True)
    # The request to be heard (R5412-7): received within the 10 days, the hearing may be held after them.
    audition_demandee_le = models.DateField("audition demandée le", null=True, blank=True)
    # The hearing the person was convened to and did not come to, and how they were convened.
    audition_prevue_le = models.DateField("audition prévue le", null=True, blank=True)
    audition_absence = models.TextField("convocation à l'audition et absence constatée", blank=True)
    a_decider_le = models.DateField("à décider depuis le", null=True, blank=True)
    decision_due_le = models.DateField("décision attendue au plus tard le", null=True, blank=True)
    # France Travail's proposal to the département (RSA); the département's decision follows.
    proposition = models.JSONField("proposition de France Travail", null=True, blank=True)
    proposee_le = models.DateTimeField("proposée le", null=True, blank=True)
    # L262-37 III: no RSA suppression without the équipe pluridisciplinaire's prior opinion.
    avis_equipe_pluridisciplinaire_le = models.DateField(
        "avis de l'équipe pluridisciplinaire le", null=True, blank=True
    )
    avis_equipe_pluridisciplinaire = models.TextField("avis de l'équipe pluridisciplinaire", blank=True)
    # The RSA household the 50 % cap was computed from at decision time (R262-68-6): size, L262-9
    # majoration, where it was read and the sentence the decider saw (``sanctions.foyer.Foyer``).
    foyer = models.JSONField("composition du foyer retenue (RSA)", null=True, blank=True)
    # The decision.
    rang = models.CharField("rang du manquement", max_length=12, blank=True)
    plage_legale = models.JSONField("plage légale au jour des faits", null=True, blank=True)
    mesure = models.CharField("mesure décidée", max_length=15, choices=Mesure.choices, blank=True)
    taux = models.DecimalField("taux (%)", max_digits=5, decimal_places=2, null=True, blank=True)
    duree_mois = models.PositiveSmallIntegerField("durée (mois)", null=True, blank=True)
    radiation_mois = models.PositiveSmallIntegerField("radiation (mois)", null=True, blank=True)
    debut = models.DateField("début de la sanction", null=True, blank=True)
    fin = models.DateField("fin de la sanction", null=True, blank=True)
    motivation = models.TextField("motivation de la décision", blank=True)
    # The monthly benefit the rate applies to (sanctions.montants computes withheld / paid back amounts).
    montant_mensuel = models.DecimalField(
        "montant mensuel de la prestation (€)", max_digits=9, decimal_places=2, null=True, blank=True
    )
    voies_recours = models.TextField("voies et délais de recours", blank=True)
    decidee_le = models.DateTimeField("décidée le", null=True, blank=True)
    decidee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidée par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Remobilisation: recorded by the référent, the decider then lifts the sanction early.
    remobilisation = models.TextField("remobilisation constatée", blank=True)
    remobilisation_le = models.DateField("remobilisation constatée le", null=True, blank=True)
    terminee_le = models.DateField("levée ou échue le", null=True, blank=True)
    created_at = models.DateTimeField("ouverte le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "procédure de sanction"
        verbose_name_plural = "procédures de sanction"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["manquement"],
                condition=~Q(statut__in=STATUTS_CLOS),
                name="sanctions_une_procedure_ouverte",
                violation_error_message="Une procédure est déjà en cours pour ce manquement.",
            ),
            models.CheckConstraint(
                condition=Q(taux__isnull=True) | (Q(taux__gte=0) & Q(taux__lte=100)),
                name="sanctions_taux_0_100",
            ),
            models.CheckConstraint(
                condition=Q(duree_mois__isnull=True) | Q(duree_mois__gte=1), name="sanctions_duree_positive"
            ),
            models.CheckConstraint(
                condition=Q(montant_mensuel__isnull=True) | Q(montant_mensuel__gte=0),
                name="sanctions_montant_positif",
                violation_error_message="Le montant mensuel ne peut pas être négatif.",
            ),
            models.CheckConstraint(
                condition=Q(radiation_mois__isnull=True) | Q(radiation_mois__gte=1),
                name="sanctions_radiation_positive",
            ),
            models.CheckConstraint(
                condition=Q(fin__isnull=True) | (Q(debut__isnull=False) & Q(fin__gte=F("debut"))),
                name="sanctions_periode_ordonnee",
            ),
            models.CheckConstraint(
                condition=Q(echeance_observations__isnull=True)
                | Q(echeance_observations__gt=F("avertissement_notifie_le")),
                name="sanctions_echeance_apres_avertissement",
            ),
            models.CheckConstraint(
                condition=Q(decision_due_le__isnull=True) | Q(decision_due_le__gt=F("echeance_observations")),
                name="sanctions_decision_apres_observations",
            ),
            # Past the prior notice, the notice's date and deadline are known.
            models.CheckConstraint(
                condition=Q(statut__in=(S.OUVERTE, S.EXAMEN, S.CLASSEE))
                | (Q(avertissement_notifie_le__isnull=False) & Q(echeance_observations__isnull=False)),
                name="sanctions_avertissement_date",
            ),
            # A decided procedure has its measure, its date and its reasons.
            models.CheckConstraint(
                condition=~Q(statut__in=STATUTS_DECIDES)
                | (~Q(mesure="") & Q(decidee_le__isnull=False) & ~Q(motivation="")),
                name="sanctions_decision_motivee",
            ),
            models.CheckConstraint(
                condition=~Q(statut=S.CLASSEE) | ~Q(motif_classement=""), name="sanctions_classement_motive"
            ),
        ]
        indexes = [
            models.Index(fields=["manquement"], name="sanctions_procedure_manq_idx"),
            models.Index(fields=["statut", "echeance_observations"], name="sanctions_proc_observ_idx"),
            models.Index(fields=["statut", "decision_due_le"], name="sanctions_proc_decision_idx"),
            models.Index(fields=["statut", "fin"], name="sanctions_proc_fin_idx"),
            models.Index(fields=["organisation_decisionnaire", "statut"], name="sanctions_proc_decideur_idx"),
            models.Index(fields=["personne", "statut"], name="sanctions_proc_personne_idx"),
        ]

    def __str__(self):
        return f"Procédure {self.pk} — {self.personne} ({self.get_statut_display().lower()})"

    # --- Transitions (called by sanctions.actions only, through francetravail.base.transitions) ---

    @transition(field=statut, source=S.OUVERTE, target=S.EXAMEN)
    def vers_examen(self):
        pass

    @transition(
        field=statut,
        source=[S.OUVERTE, S.EXAMEN, *STATUTS_APRES_AVERTISSEMENT, S.AUDITION_DEMANDEE, S.A_DECIDER],
        target=S.CLASSEE,
    )
    def vers_classee(self):
        pass

    @transition(field=statut, source=S.EXAMEN, target=S.AVERTISSEMENT_NOTIFIE)
    def vers_avertissement_notifie(self):
        pass

    @transition(field=statut, source=S.AVERTISSEMENT_NOTIFIE, target=S.OBSERVATIONS_RECUES)
    def vers_observations_recues(self):
        pass

    # Written observations do not close the period: the person may still ask to be heard until its
    # last day. A request received in time but recorded after the sweep moved the case brings it back.
    @transition(
        field=statut,
        source=[S.AVERTISSEMENT_NOTIFIE, S.OBSERVATIONS_RECUES, S.DELAI_EXPIRE, S.A_DECIDER],
        target=S.AUDITION_DEMANDEE,
    )
    def vers_audition_demandee(self):
        pass

    # A hearing may be held without a formal request (the person came to the desk), or late when the
    # person missed the first date for a reason.
    @transition(
        field=statut,
        source=[S.AVERTISSEMENT_NOTIFIE, S.OBSERVATIONS_RECUES, S.AUDITION_DEMANDEE, S.AUDITION_MANQUEE],
        target=S.AUDITION_TENUE,
    )
    def vers_audition_tenue(self):
        pass

    @transition(field=statut, source=S.AUDITION_DEMANDEE, target=S.AUDITION_MANQUEE)
    def vers_audition_manquee(self):
        pass

    @transition(field=statut, source=S.AVERTISSEMENT_NOTIFIE, target=S.DELAI_EXPIRE)
    def vers_delai_expire(self):
        pass

    @transition(field=statut, source=list(STATUTS_APRES_AVERTISSEMENT), target=S.A_DECIDER)
    def vers_a_decider(self):
        pass

    @transition(field=statut, source=S.A_DECIDER, target=S.DECISION_NOTIFIEE)
    def vers_decision_notifiee(self):
        pass

    @transition(field=statut, source=S.DECISION_NOTIFIEE, target=S.SANCTION_EN_COURS)
    def vers_sanction_en_cours(self):
        pass

    @transition(field=statut, source=S.SANCTION_EN_COURS, target=S.LEVEE)
    def vers_levee(self):
        pass

    @transition(field=statut, source=S.SANCTION_EN_COURS, target=S.ECHUE)
    def vers_echue(self):
        pass

    @transition(field=statut, source=list(STATUTS_DECIDES), target=S.ANNULEE)
    def vers_annulee(self):
        pass

    # --- Reads ---

    @property
    def concerne_le_rsa(self):
        return self.public == Public.RSA

    def en_retard(self, aujourdhui=None):
        """An overdue decision surfaces in the decider's queue."""
        aujourdhui = aujourdhui or timezone.localdate()
        return self.statut == S.A_DECIDER and self.decision_due_le is not None and aujourdhui > self.decision_due_le


class HistoriqueProcedure(models.Model):
    """Transition log: who, when, from, to, why, which document. The person reads it without ``note_interne``."""

    procedure = models.ForeignKey(
        ProcedureSanction, verbose_name="procédure", on_delete=models.PROTECT, related_name="historique"
    )
    recours = models.ForeignKey(
        "Recours", verbose_name="recours", on_delete=models.PROTECT, null=True, blank=True, related_name="historique"
    )
    # Empty for the scheduled sweeps (a delay that ran out); a person otherwise.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("le", default=timezone.now)
    statut_avant = models.CharField("statut avant", max_length=25, blank=True)
    statut_apres = models.CharField("statut après", max_length=25)
    motif = models.TextField("motif", blank=True)
    document = models.CharField("document envoyé", max_length=200, blank=True)
    # The letter sent at this step (to the person; the legal representative's copy shares its kind).
    courrier = models.ForeignKey(
        "CourrierProcedure",
        verbose_name="courrier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="etapes",
    )
    note_interne = models.TextField("note interne (non visible de la personne)", blank=True)

    class Meta:
        verbose_name = "étape de procédure de sanction"
        verbose_name_plural = "historique des procédures de sanction"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.procedure_id} : {self.statut_avant or '—'} → {self.statut_apres}"


@pghistory.track()
class Recours(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """An appeal against a decision: médiation préalable (France Travail, Mission locale) or RAPO (RSA)."""

    procedure = models.ForeignKey(
        ProcedureSanction,
        verbose_name="procédure",
        on_delete=models.PROTECT,
        related_name="recours",
        db_index=False,  # sanctions_un_recours_ouvert / sanctions_recours_proc_idx
    )
    # Set when the appeal is against the end of the RSA right (a RAPO), not against the sanction.
    fin_droit = models.ForeignKey(
        "FinDroitRSA",
        verbose_name="décision de fin de droit contestée",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recours",
    )
    voie = models.CharField("voie de recours", max_length=10, choices=VoieRecours.choices)
    statut = FSMField(
        "statut", max_length=12, choices=StatutRecours.choices, default=StatutRecours.DEMANDE, protected=True
    )
    forme_le = models.DateField("formé le")
    echeance = models.DateField("à former au plus tard le")
    # Kept, not refused: admissibility of a late appeal is for the person instructing it to judge.
    hors_delai = models.BooleanField("formé hors délai", default=False)
    motifs = models.TextField("motifs du recours")
    forme_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="formé par", on_delete=models.PROTECT, related_name="+"
    )
    instruit_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="instruit par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    statue_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="statué par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    statue_le = models.DateTimeField("statué le", null=True, blank=True)
    motivation = models.TextField("motivation", blank=True)
    # The decision as it stood before a reform: a decision under appeal keeps its history.
    decision_initiale = models.JSONField("décision initiale", null=True, blank=True)
    created_at = models.DateTimeField("créé le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "recours"
        verbose_name_plural = "recours"
        ordering = ["-forme_le", "-pk"]
        constraints = [
            # One open appeal per decision: the sanction (fin_droit empty), or the end of the RSA right.
            models.UniqueConstraint(
                fields=["procedure", "fin_droit"],
                condition=~Q(statut__in=STATUTS_RECOURS_CLOS),
                nulls_distinct=False,
                name="sanctions_un_recours_ouvert",
                violation_error_message="Un recours est déjà en cours contre cette décision.",
            ),
            models.CheckConstraint(
                condition=Q(fin_droit__isnull=True) | Q(voie=VoieRecours.RAPO), name="sanctions_recours_fin_droit_rapo"
            ),
            models.CheckConstraint(
                condition=~Q(statut__in=STATUTS_RECOURS_CLOS) | (Q(statue_le__isnull=False) & ~Q(motivation="")),
                name="sanctions_recours_motive",
            ),
            models.CheckConstraint(
                condition=Q(echeance__gte=F("forme_le")) | Q(hors_delai=True), name="sanctions_recours_delai"
            ),
        ]
        indexes = [models.Index(fields=["procedure", "statut"], name="sanctions_recours_proc_idx")]

    def __str__(self):
        return f"Recours {self.pk} ({self.get_statut_display().lower()})"

    @transition(field=statut, source=StatutRecours.DEMANDE, target=StatutRecours.INSTRUCTION)
    def vers_instruction(self):
        pass

    @transition(field=statut, source=StatutRecours.INSTRUCTION, target=StatutRecours.MAINTENUE)
    def vers_maintenue(self):
        pass

    @transition(field=statut, source=StatutRecours.INSTRUCTION, target=StatutRecours.REFORMEE)
    def vers_reformee(self):
        pass

    @transition(field=statut, source=StatutRecours.INSTRUCTION, target=StatutRecours.ANNULEE)
    def vers_annulee(self):
        pass


class CorrectionFoyer(models.Model):
    """The decider's correction of the RSA household the 50 % cap is computed from (CASF R262-68-6),
    with its reason, who made it and when, and the household as read before (flow, registration).
    Never updated: a new correction is a new row, the latest one applies."""

    procedure = models.ForeignKey(
        ProcedureSanction, verbose_name="procédure", on_delete=models.PROTECT, related_name="corrections_foyer"
    )
    nb_personnes = models.PositiveSmallIntegerField("personnes au foyer")
    majoration_isolement = models.BooleanField("majoration pour isolement (L262-9)")
    motif = models.TextField("motif de la correction")
    source_remplacee = models.JSONField("composition lue avant la correction")
    par = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.PROTECT, related_name="+")
    le = models.DateTimeField("le", default=timezone.now)

    class Meta:
        verbose_name = "correction de la composition du foyer"
        verbose_name_plural = "corrections de la composition du foyer"
        ordering = ["le", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(motif=""), name="sanctions_correction_foyer_motivee"),
            models.CheckConstraint(
                condition=Q(nb_personnes__gte=1, nb_personnes__lte=20), name="sanctions_correction_foyer_taille"
            ),
        ]

    def __str__(self):
        return f"Foyer de {self.nb_personnes} — procédure {self.procedure_id} ({self.le:%d/%m/%Y})"


# Letters hold the facts and the sanction: who changed their receipt date or file must be traceable.
@pghistory.track()
class CourrierProcedure(models.Model):
    """A letter of the procedure (prior notice, decision, lifting, appeal receipt), rendered by
    ``sanctions.courriers`` from ``contenu``, a frozen snapshot taken in the action's transaction.

    The PDF is stored with the SHA-256 of its bytes; rendering the snapshot again gives the
    same bytes. ``recu_le`` is the date of receipt (the person opening it in their space, or a
    postal acknowledgement recorded by the team): the first date recorded stands.
    """

    procedure = models.ForeignKey(
        ProcedureSanction,
        verbose_name="procédure",
        on_delete=models.PROTECT,
        related_name="courriers",
        db_index=False,  # sanctions_un_courrier_par_type
    )
    recours = models.ForeignKey(
        Recours, verbose_name="recours", on_delete=models.PROTECT, null=True, blank=True, related_name="courriers"
    )
    type_courrier = models.CharField("courrier", max_length=25, choices=TypeCourrier.choices)
    destinataire = models.CharField(
        "destinataire", max_length=20, choices=DestinataireCourrier.choices, default=DestinataireCourrier.PERSONNE
    )
    contenu = models.JSONField("contenu figé du courrier")
    document = models.FileField("document PDF", upload_to=NomAleatoire("sanctions/courriers"), blank=True)
    empreinte = models.CharField("empreinte SHA-256 du PDF", max_length=64, blank=True)
    genere_le = models.DateTimeField("PDF généré le", null=True, blank=True)
    notification = models.ForeignKey(
        "notifications.Notification",
        verbose_name="envoyé par la notification",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,  # the outbox is partitioned by month (notifications.Notification)
    )
    recu_le = models.DateField("reçu le", null=True, blank=True)
    created_at = models.DateTimeField("émis le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "courrier de procédure de sanction"
        verbose_name_plural = "courriers de procédure de sanction"
        ordering = ["created_at", "pk"]
        constraints = [
            # One letter per (procedure, kind, recipient); appeal receipts are per appeal.
            models.UniqueConstraint(
                fields=["procedure", "type_courrier", "destinataire"],
                condition=Q(recours__isnull=True),
                name="sanctions_un_courrier_par_type",
                violation_error_message="Ce courrier a déjà été émis pour cette procédure.",
            ),
            models.UniqueConstraint(
                fields=["recours", "type_courrier", "destinataire"],
                condition=Q(recours__isnull=False),
                name="sanctions_un_courrier_par_recours",
                violation_error_message="Ce courrier a déjà été émis pour ce recours.",
            ),
            models.CheckConstraint(
                condition=Q(recours__isnull=True) | Q(type_courrier=TypeCourrier.ACCUSE_RECOURS),
                name="sanctions_courrier_recours",
            ),
            models.CheckConstraint(condition=Q(document="") | ~Q(empreinte=""), name="sanctions_courrier_empreinte"),
        ]

    def __str__(self):
        return (
            f"{self.get_type_courrier_display()} — procédure {self.procedure_id} ({self.get_destinataire_display()})"
        )


@pghistory.track()
class FinDroitRSA(models.Model):
    """The président du conseil départemental's decision to end the RSA right and remove the person
    from the list of RSA beneficiaries, after a total suppression of 4 months and while the person
    still does not comply (CASF R262-68; R262-40 3°). Decided by ``sanctions.fin_droit``: reasoned,
    notified by a letter with the RAPO route and deadline, reversible only by an appeal (``Recours``
    with ``fin_droit``), which restores the rights ended (``droits``).
    """

    procedure = models.OneToOneField(
        ProcedureSanction, verbose_name="procédure", on_delete=models.PROTECT, related_name="fin_droit"
    )
    statut = models.CharField("statut", max_length=10, choices=StatutFinDroit.choices, default=StatutFinDroit.NOTIFIEE)
    effet_le = models.DateField("fin du droit au RSA le")
    motivation = models.TextField("motivation de la décision")
    voies_recours = models.TextField("voies et délais de recours", blank=True)
    # The rights' rows (inscription.DroitRSA) this decision ended: an annulment restores exactly these.
    droits = models.JSONField("droits au RSA clos", default=list, blank=True)
    decidee_le = models.DateTimeField("décidée le", default=timezone.now)
    decidee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="décidée par", on_delete=models.PROTECT, related_name="+"
    )
    annulee_le = models.DateTimeField("annulée le", null=True, blank=True)

    class Meta:
        verbose_name = "fin de droit au RSA"
        verbose_name_plural = "fins de droit au RSA"
        constraints = [
            models.CheckConstraint(
                condition=~Q(motivation=""),
                name="sanctions_fin_droit_motivee",
                violation_error_message="La décision de fin de droit est motivée.",
            ),
            models.CheckConstraint(
                condition=Q(statut=StatutFinDroit.ANNULEE, annulee_le__isnull=False)
                | Q(statut=StatutFinDroit.NOTIFIEE, annulee_le__isnull=True),
                name="sanctions_fin_droit_annulation_datee",
            ),
        ]

    def __str__(self):
        return f"Fin du droit au RSA — procédure {self.procedure_id} ({self.get_statut_display().lower()})"

    @property
    def en_vigueur(self):
        return self.statut == StatutFinDroit.NOTIFIEE
