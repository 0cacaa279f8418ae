import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from francetravail.base.index import index_si_renseigne
from francetravail.rendezvous.enums import (
    STATUTS_ACTIFS,
    STATUTS_PRESENCE,
    Modalite,
    Motif,
    StatutManquement,
    StatutRendezVous,
    StatutSuivi,
    TypeAgenda,
    TypeIndisponibilite,
)


@pghistory.track()
class Agenda(models.Model):
    """The slots of an organisation, or of one of its conseillers."""

    organisation = models.ForeignKey(
        "reseau.Organisation", verbose_name="organisation", on_delete=models.PROTECT, related_name="agendas"
    )
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="conseiller",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agendas",
    )
    libelle = models.CharField("libellé", max_length=150)
    actif = models.BooleanField("actif", default=True)
    type_agenda = models.CharField(
        "type d'agenda", max_length=20, choices=TypeAgenda.choices, default=TypeAgenda.INDIVIDUEL
    )
    # Where the agenda's on-site slots take place by default (a pattern or a slot may say otherwise).
    lieu = models.CharField("lieu habituel", max_length=250, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "agenda"
        verbose_name_plural = "agendas"
        ordering = ["organisation__nom", "libelle"]

    def __str__(self):
        return f"{self.libelle} ({self.organisation})"


@pghistory.track()
class Creneau(models.Model):
    agenda = models.ForeignKey(Agenda, verbose_name="agenda", on_delete=models.PROTECT, related_name="creneaux")
    debut = models.DateTimeField("début")
    fin = models.DateTimeField("fin")
    motif = models.CharField("motif", max_length=30, choices=Motif.choices)
    modalite = models.CharField("modalité", max_length=20, choices=Modalite.choices, default=Modalite.SUR_PLACE)
    lieu = models.CharField("lieu", max_length=250, blank=True, help_text="Adresse, pour un rendez-vous sur place.")
    capacite = models.PositiveSmallIntegerField("nombre de places", default=1)
    # Kept by the actions under the slot's row lock; the check constraint below makes
    # overbooking impossible even for code that would forget the lock.
    nb_reservations = models.PositiveSmallIntegerField("places réservées", default=0, editable=False)
    actif = models.BooleanField("ouvert à la réservation", default=True)
    # The recurring opening this slot was generated from (None: created one by one).
    plage = models.ForeignKey(
        "PlageOuverture",
        verbose_name="plage d'ouverture",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="creneaux",
        db_index=False,  # the unique constraint below indexes it
    )
    # A collective session (information collective): its title, shown to the people invited.
    intitule = models.CharField("intitulé de la session", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "créneau"
        verbose_name_plural = "créneaux"
        ordering = ["debut", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(fin__gt=F("debut")), name="creneau_fin_apres_debut"),
            models.CheckConstraint(condition=Q(capacite__gte=1), name="creneau_capacite_positive"),
            models.CheckConstraint(
                condition=Q(nb_reservations__lte=F("capacite")), name="creneau_pas_de_surreservation"
            ),
            # Generating a pattern's slots twice (two beat runs, two workers) creates each one once.
            models.UniqueConstraint(fields=["plage", "debut"], name="creneau_unique_par_plage"),
        ]
        indexes = [models.Index(fields=["agenda", "debut"], name="creneau_agenda_debut_idx")]

    def __str__(self):
        return f"{self.get_motif_display()} — {timezone.localtime(self.debut):%d/%m/%Y %H:%M}"

    @property
    def places_restantes(self):
        return self.capacite - self.nb_reservations

    @property
    def complet(self):
        return self.nb_reservations >= self.capacite


@pghistory.track()
class RendezVous(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """One person on one slot: offered, then booked, then held / excused / missed, or cancelled.

    Every change goes through ``actions.py``; transitions are declared below (``vers_<état>``,
    called by the actions only) and logged in ``HistoriqueRendezVous`` (``actions.JOURNAL``).
    """

    personne = models.ForeignKey(
        "personnes.Personne", verbose_name="personne", on_delete=models.CASCADE, related_name="rendez_vous"
    )
    creneau = models.ForeignKey(Creneau, verbose_name="créneau", on_delete=models.PROTECT, related_name="rendez_vous")
    statut = FSMField(
        "statut", max_length=10, choices=StatutRendezVous.choices, default=StatutRendezVous.PROPOSE, protected=True
    )
    motif = models.TextField("motif d'annulation ou d'excuse", blank=True)
    premier_rendez_vous = models.BooleanField(
        "premier rendez-vous d'accompagnement",
        default=False,
        help_text="Proposé ou réservé après l'orientation notifiée, avant tout autre rendez-vous réservé ou honoré.",
    )
    propose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="proposé par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reserve_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="réservé par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reserve_le = models.DateTimeField("réservé le", null=True, blank=True)
    # A first appointment past its delay (rendezvous.regles), accepted by a professional
    # with a reason: who, when, why. It stays counted as late (portfolio, indicators).
    hors_delai_motif = models.TextField("motif du premier rendez-vous hors délai", blank=True)
    hors_delai_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="hors délai accordé par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # indexed in Meta where filled (empty on almost every appointment)
    )
    hors_delai_le = models.DateTimeField("hors délai accordé le", null=True, blank=True)
    # When the sweep should write the next reminder (None: no reminder left).
    prochain_rappel = models.DateTimeField("prochain rappel", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("créé le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "rendez-vous"
        verbose_name_plural = "rendez-vous"
        constraints = [
            models.UniqueConstraint(
                fields=["personne", "creneau"],
                condition=Q(statut__in=STATUTS_ACTIFS),
                name="rdv_un_actif_par_personne_et_creneau",
            ),
            # An exception to the delay always says why, who and when.
            models.CheckConstraint(
                condition=Q(hors_delai_motif="", hors_delai_par__isnull=True, hors_delai_le__isnull=True)
                | (~Q(hors_delai_motif="") & Q(hors_delai_par__isnull=False, hors_delai_le__isnull=False)),
                name="rdv_hors_delai_motive",
            ),
        ]
        indexes = [
            models.Index(
                fields=["prochain_rappel"],
                condition=Q(statut=StatutRendezVous.RESERVE, prochain_rappel__isnull=False),
                name="rdv_rappel_du_idx",
            ),
            models.Index(fields=["personne", "statut"], name="rdv_personne_statut_idx"),
            index_si_renseigne("hors_delai_par", "rdv_hors_delai_par_idx"),
        ]

    def __str__(self):
        return f"{self.personne} — {self.creneau} ({self.get_statut_display()})"

    @transition(field=statut, source=StatutRendezVous.PROPOSE, target=StatutRendezVous.RESERVE)
    def vers_reserve(self):
        pass

    @transition(field=statut, source=STATUTS_ACTIFS, target=StatutRendezVous.ANNULE)
    def vers_annule(self):
        pass

    @transition(field=statut, source=StatutRendezVous.RESERVE, target=StatutRendezVous.HONORE)
    def vers_honore(self):
        pass

    @transition(field=statut, source=StatutRendezVous.RESERVE, target=StatutRendezVous.EXCUSE)
    def vers_excuse(self):
        pass

    @transition(field=statut, source=StatutRendezVous.RESERVE, target=StatutRendezVous.ABSENT)
    def vers_absent(self):
        pass

    # A recorded attendance corrected: back to "réservé" for the time of the correction,
    # then the right outcome is recorded (actions.corriger_presence, one transaction).
    @transition(field=statut, source=list(STATUTS_PRESENCE), target=StatutRendezVous.RESERVE)
    def vers_reserve_pour_correction(self):
        pass


class HistoriqueRendezVous(models.Model):
    """Transition log: who changed what, when and why (a move keeps its status and logs the old slot)."""

    rendez_vous = models.ForeignKey(
        RendezVous, verbose_name="rendez-vous", on_delete=models.CASCADE, related_name="historique"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField("le", default=timezone.now)
    statut_avant = models.CharField("statut avant", max_length=10, choices=StatutRendezVous.choices, blank=True)
    statut_apres = models.CharField("statut après", max_length=10, choices=StatutRendezVous.choices)
    creneau_avant = models.ForeignKey(
        Creneau, verbose_name="créneau avant", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    motif = models.TextField("motif", blank=True)

    class Meta:
        verbose_name = "changement de rendez-vous"
        verbose_name_plural = "historique des rendez-vous"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.rendez_vous_id} : {self.statut_avant or '—'} → {self.statut_apres}"


@pghistory.track()
class ManquementAExaminer(models.Model):
    """An unexcused absence waiting for a person to examine it.

    It never sanctions nor notifies anything by itself (SPEC §2.4): the sanctions
    app reads these rows and a professional decides.
    """

    personne = models.ForeignKey(
        "personnes.Personne", verbose_name="personne", on_delete=models.CASCADE, related_name="manquements_rdv"
    )
    rendez_vous = models.OneToOneField(
        RendezVous, verbose_name="rendez-vous", on_delete=models.PROTECT, related_name="manquement"
    )
    statut = models.CharField(
        "statut", max_length=20, choices=StatutManquement.choices, default=StatutManquement.A_EXAMINER
    )
    created_at = models.DateTimeField("créé le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "manquement à examiner"
        verbose_name_plural = "manquements à examiner"
        indexes = [models.Index(fields=["statut", "created_at"], name="manquement_rdv_statut_idx")]

    def __str__(self):
        return f"Absence non excusée — {self.personne} ({self.get_statut_display()})"


@pghistory.track()
class PlageOuverture(models.Model):
    """A recurring opening of an agenda: on these weekdays, from ``heure_debut`` to ``heure_fin``, slots of
    ``duree_minutes`` for ``motif``, every ``toutes_les_semaines`` weeks from ``valide_du`` (until
    ``valide_au``, included). Its slots are generated ahead by beat (``rendezvous.plages``), skipping the
    agenda's absences and the public holidays; a changed or closed pattern drops its free future slots.
    """

    agenda = models.ForeignKey(Agenda, verbose_name="agenda", on_delete=models.CASCADE, related_name="plages")
    motif = models.CharField("motif", max_length=30, choices=Motif.choices)
    modalite = models.CharField("modalité", max_length=20, choices=Modalite.choices, default=Modalite.SUR_PLACE)
    lieu = models.CharField("lieu", max_length=250, blank=True)
    intitule = models.CharField("intitulé (session collective)", max_length=200, blank=True)
    # ISO weekdays: 1 = Monday … 7 = Sunday.
    jours = ArrayField(models.PositiveSmallIntegerField(), verbose_name="jours de la semaine")
    heure_debut = models.TimeField("de")
    heure_fin = models.TimeField("à")
    duree_minutes = models.PositiveSmallIntegerField("durée d'un créneau (minutes)", default=45)
    capacite = models.PositiveSmallIntegerField("places par créneau", default=1)
    toutes_les_semaines = models.PositiveSmallIntegerField("toutes les … semaines", default=1)
    valide_du = models.DateField("à partir du")
    valide_au = models.DateField("jusqu'au (inclus)", null=True, blank=True)
    active = models.BooleanField("active", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="créée par", on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "plage d'ouverture"
        verbose_name_plural = "plages d'ouverture"
        ordering = ["agenda", "valide_du", "heure_debut", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(heure_fin__gt=F("heure_debut")), name="plage_fin_apres_debut"),
            models.CheckConstraint(condition=Q(duree_minutes__gte=5), name="plage_duree_minimale"),
            models.CheckConstraint(condition=Q(capacite__gte=1), name="plage_capacite_positive"),
            models.CheckConstraint(condition=Q(toutes_les_semaines__gte=1), name="plage_recurrence_positive"),
            models.CheckConstraint(
                condition=Q(valide_au__isnull=True) | Q(valide_au__gte=F("valide_du")), name="plage_periode_valide"
            ),
        ]

    def __str__(self):
        return f"{self.get_motif_display()} — {self.agenda}"


@pghistory.track()
class Indisponibilite(models.Model):
    """An absence of an agenda (a conseiller's leave, a closed room) or, with no agenda, a closure of the
    whole organisation (a bridge day): no slot is generated during it, and free slots already there close."""

    organisation = models.ForeignKey(
        "reseau.Organisation", verbose_name="organisation", on_delete=models.CASCADE, related_name="+"
    )
    agenda = models.ForeignKey(
        Agenda,
        verbose_name="agenda",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indisponibilites",
        help_text="Vide : toute l'organisation est fermée.",
    )
    type_indisponibilite = models.CharField(
        "type", max_length=10, choices=TypeIndisponibilite.choices, default=TypeIndisponibilite.ABSENCE
    )
    debut = models.DateTimeField("du")
    fin = models.DateTimeField("au")
    motif = models.CharField("motif", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="saisie par", on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField("saisie le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "indisponibilité"
        verbose_name_plural = "indisponibilités"
        ordering = ["debut", "pk"]
        constraints = [models.CheckConstraint(condition=Q(fin__gt=F("debut")), name="indisponibilite_fin_apres_debut")]
        indexes = [models.Index(fields=["organisation", "debut"], name="indispo_organisation_debut_idx")]

    def __str__(self):
        return f"{self.get_type_indisponibilite_display()} — {timezone.localtime(self.debut):%d/%m/%Y}"


class SuiviRendezVous(models.Model):
    """Where one person stands for one motif (``StatutSuivi``): one row per (person, motif), moved by
    ``rendezvous.suivi.noter`` only, each move written in ``HistoriqueSuivi``."""

    personne = models.ForeignKey(
        "personnes.Personne", verbose_name="personne", on_delete=models.CASCADE, related_name="suivis_rdv"
    )
    motif = models.CharField("motif", max_length=30, choices=Motif.choices)
    statut = models.CharField("statut", max_length=20, choices=StatutSuivi.choices, default=StatutSuivi.NON_INVITE)
    depuis = models.DateTimeField("depuis", default=timezone.now)
    # The organisation that invites or holds the appointment: whose dashboard counts this person.
    organisation = models.ForeignKey(
        "reseau.Organisation",
        verbose_name="organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    invitation = models.ForeignKey(
        "invitations.Invitation",
        verbose_name="invitation en cours",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    rendez_vous = models.ForeignKey(
        RendezVous,
        verbose_name="rendez-vous",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = "suivi des rendez-vous"
        verbose_name_plural = "suivis des rendez-vous"
        constraints = [models.UniqueConstraint(fields=["personne", "motif"], name="suivi_un_par_personne_et_motif")]
        indexes = [models.Index(fields=["organisation", "statut", "motif"], name="suivi_organisation_statut_idx")]

    def __str__(self):
        return f"{self.personne_id} — {self.get_motif_display()} : {self.get_statut_display()}"


class HistoriqueSuivi(models.Model):
    suivi = models.ForeignKey(
        SuiviRendezVous, verbose_name="suivi", on_delete=models.CASCADE, related_name="historique"
    )
    statut_avant = models.CharField("statut avant", max_length=20, choices=StatutSuivi.choices, blank=True)
    statut_apres = models.CharField("statut après", max_length=20, choices=StatutSuivi.choices)
    at = models.DateTimeField("le", default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.PROTECT, null=True, related_name="+"
    )
    commentaire = models.CharField("détail", max_length=250, blank=True)

    class Meta:
        verbose_name = "changement de suivi"
        verbose_name_plural = "historique des suivis"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.suivi_id} : {self.statut_avant or '—'} → {self.statut_apres}"
