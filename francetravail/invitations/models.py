"""Invitations to book an appointment, sent by e-mail, SMS and letter, with a booking link that needs no
account (``lien.py``), their sendings, the letters' daily batches, the callback requests and the
départements' own wording.

Every change goes through ``actions.py``; the follow-up status of the person for the motif
(``rendezvous.SuiviRendezVous``) moves with them (``rendezvous.suivi``).
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from francetravail.invitations.enums import (
    CanalInvitation,
    CleFormulation,
    StatutDemandeRappel,
    StatutInvitation,
    StatutLot,
    TypeEnvoi,
)
from francetravail.rendezvous.enums import Motif


class LotInvitations(models.Model):
    """One « inviter » action on many people (a filtered list): its invitations are created by the worker."""

    organisation = models.ForeignKey(
        "reseau.Organisation", verbose_name="organisation", on_delete=models.PROTECT, related_name="+"
    )
    motif = models.CharField("motif", max_length=30, choices=Motif.choices)
    # The channels the professional allowed; each person gets those their file makes possible.
    canaux = ArrayField(models.CharField(max_length=10, choices=CanalInvitation.choices), verbose_name="canaux")
    # What list the people came from, in words (« bRSA importés cette semaine sans premier rendez-vous »).
    origine = models.CharField("liste d'origine", max_length=250, blank=True)
    personnes = ArrayField(models.BigIntegerField(), verbose_name="personnes", default=list)
    statut = models.CharField("statut", max_length=10, choices=StatutLot.choices, default=StatutLot.EN_COURS)
    nb_invitations = models.PositiveIntegerField("invitations créées", default=0)
    nb_ignorees = models.PositiveIntegerField("personnes non invitées", default=0)
    # Per person not invited: the reason in French (no address at all, already booked, right closed…).
    ignorees = models.JSONField("raisons des personnes non invitées", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("créé le", default=timezone.now, editable=False)
    termine_le = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "envoi groupé d'invitations"
        verbose_name_plural = "envois groupés d'invitations"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_motif_display()} — {len(self.personnes)} personnes ({self.get_statut_display()})"


class Invitation(models.Model):
    """One person invited to book a slot of ``motif`` in ``organisation``'s agendas, until ``expire_le``.

    The link (``lien.jeton``) names the invitation and its ``nonce``; it shows nothing about the person
    before the identity check (birth date, or ``code`` printed on the letter).
    """

    personne = models.ForeignKey(
        "personnes.Personne", verbose_name="personne", on_delete=models.CASCADE, related_name="invitations"
    )
    organisation = models.ForeignKey(
        "reseau.Organisation", verbose_name="organisation", on_delete=models.PROTECT, related_name="+"
    )
    motif = models.CharField("motif", max_length=30, choices=Motif.choices)
    canaux = ArrayField(models.CharField(max_length=10, choices=CanalInvitation.choices), verbose_name="canaux")
    statut = models.CharField(
        "statut", max_length=10, choices=StatutInvitation.choices, default=StatutInvitation.ENVOYEE
    )
    lot = models.ForeignKey(
        LotInvitations,
        verbose_name="envoi groupé",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )
    # Random, never shown: a new invitation gets a new one, so an older link no longer opens it.
    nonce = models.CharField("nonce", max_length=32, editable=False)
    # Printed on the letter: the identity check for those who do not give their birth date.
    code = models.CharField("code du courrier", max_length=8, editable=False)
    # The last day of slots offered: the 15-day limit from the orientation when it applies, else the expiry.
    limite_rdv = models.DateField("premier rendez-vous au plus tard le", null=True, blank=True)
    expire_le = models.DateTimeField("expire le")
    prochaine_relance = models.DateTimeField("relance prévue le", null=True, blank=True)
    relancee_le = models.DateTimeField("relancée le", null=True, blank=True)
    utilisee_le = models.DateTimeField("utilisée le", null=True, blank=True)
    rendez_vous = models.ForeignKey(
        "rendezvous.RendezVous",
        verbose_name="rendez-vous pris",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # Failed identity checks in a row, and until when the link refuses any check after too many.
    echecs_verification = models.PositiveSmallIntegerField("vérifications échouées", default=0)
    bloquee_jusqu_a = models.DateTimeField("bloquée jusqu'au", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="invitée par", on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One running invitation per person and motif: a new one withdraws the previous.
            models.UniqueConstraint(
                fields=["personne", "motif"],
                condition=Q(statut__in=[StatutInvitation.ENVOYEE, StatutInvitation.RELANCEE]),
                name="invitation_une_ouverte_par_motif",
            ),
        ]
        indexes = [
            models.Index(
                fields=["prochaine_relance"],
                condition=Q(statut=StatutInvitation.ENVOYEE, prochaine_relance__isnull=False),
                name="invitation_relance_due_idx",
            ),
            models.Index(
                fields=["expire_le"],
                condition=Q(statut__in=[StatutInvitation.ENVOYEE, StatutInvitation.RELANCEE]),
                name="invitation_expiration_idx",
            ),
            models.Index(fields=["organisation", "statut", "created_at"], name="invitation_organisation_idx"),
        ]

    def __str__(self):
        return f"Invitation {self.get_motif_display()} — {self.personne_id} ({self.get_statut_display()})"

    @property
    def ouverte(self):
        return self.statut in (StatutInvitation.ENVOYEE, StatutInvitation.RELANCEE) and self.expire_le > timezone.now()


class LotCourriers(models.Model):
    """The day's letters of an organisation, one printable PDF (rendered by the worker)."""

    organisation = models.ForeignKey(
        "reseau.Organisation", verbose_name="organisation", on_delete=models.PROTECT, related_name="+"
    )
    jour = models.DateField("jour")
    statut = models.CharField("statut", max_length=10, choices=StatutLot.choices, default=StatutLot.EN_COURS)
    fichier = models.FileField("PDF", upload_to="invitations/courriers/", blank=True)
    nb_courriers = models.PositiveIntegerField("courriers", default=0)
    # The last time letters joined: a batch still « en cours » long after it is re-rendered (base/relances.py).
    modifie_le = models.DateTimeField("courriers ajoutés le", default=timezone.now)
    genere_le = models.DateTimeField("généré le", null=True, blank=True)
    erreur = models.TextField("erreur", blank=True)
    imprime_le = models.DateTimeField("marqué imprimé le", null=True, blank=True)
    imprime_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="imprimé par", on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = "lot de courriers"
        verbose_name_plural = "lots de courriers"
        ordering = ["-jour", "organisation"]
        constraints = [models.UniqueConstraint(fields=["organisation", "jour"], name="lot_courriers_un_par_jour")]

    def __str__(self):
        return f"Courriers du {self.jour:%d/%m/%Y} — {self.organisation_id}"


class EnvoiInvitation(models.Model):
    """One sending of an invitation or its relance on one channel: its notification (e-mail, SMS, with
    the provider's delivery status) or its place in the day's letters."""

    invitation = models.ForeignKey(
        Invitation, verbose_name="invitation", on_delete=models.CASCADE, related_name="envois"
    )
    type_envoi = models.CharField("type", max_length=10, choices=TypeEnvoi.choices, default=TypeEnvoi.INVITATION)
    canal = models.CharField("canal", max_length=10, choices=CanalInvitation.choices)
    notification = models.ForeignKey(
        "notifications.Notification",
        verbose_name="notification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,  # the outbox is partitioned by month (notifications.Notification)
        db_index=False,
    )
    lot_courriers = models.ForeignKey(
        LotCourriers,
        verbose_name="lot de courriers",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="envois",
    )
    created_at = models.DateTimeField("le", default=timezone.now, editable=False)

    class Meta:
        verbose_name = "envoi d'invitation"
        verbose_name_plural = "envois d'invitation"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["invitation", "type_envoi", "canal"], name="envoi_invitation_unique")
        ]

    def __str__(self):
        return f"{self.get_type_envoi_display()} par {self.get_canal_display()} — {self.invitation_id}"


class DemandeRappel(models.Model):
    """No free slot suited the person: they asked the agency to call them back."""

    invitation = models.ForeignKey(
        Invitation, verbose_name="invitation", on_delete=models.CASCADE, related_name="demandes_rappel"
    )
    personne = models.ForeignKey(
        "personnes.Personne", verbose_name="personne", on_delete=models.CASCADE, related_name="demandes_rappel"
    )
    organisation = models.ForeignKey(
        "reseau.Organisation", verbose_name="organisation", on_delete=models.PROTECT, related_name="+"
    )
    telephone = models.CharField("téléphone où rappeler", max_length=20)
    disponibilites = models.CharField("disponibilités", max_length=250, blank=True)
    statut = models.CharField(
        "statut", max_length=10, choices=StatutDemandeRappel.choices, default=StatutDemandeRappel.A_TRAITER
    )
    created_at = models.DateTimeField("demandée le", default=timezone.now, editable=False)
    traitee_le = models.DateTimeField("rappelée le", null=True, blank=True)
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="rappelée par", on_delete=models.PROTECT, null=True, related_name="+"
    )
    compte_rendu = models.CharField("suite donnée", max_length=250, blank=True)

    class Meta:
        verbose_name = "demande de rappel"
        verbose_name_plural = "demandes de rappel"
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["invitation"],
                condition=Q(statut=StatutDemandeRappel.A_TRAITER),
                name="demande_rappel_une_en_cours",
            )
        ]
        indexes = [models.Index(fields=["organisation", "statut", "created_at"], name="demande_rappel_org_idx")]

    def __str__(self):
        return f"Rappel demandé — {self.personne_id} ({self.get_statut_display()})"


class Formulation(models.Model):
    """A département's wording of one text (``cle``), in force from ``valide_du``: rows are never edited,
    a new wording is a new row, so the history is the table. No row: the national text
    (``templates/invitations/formulations/<cle>.txt``). The legal mentions are outside it, always added."""

    departement = models.ForeignKey(
        "reseau.Departement", verbose_name="département", on_delete=models.PROTECT, related_name="+"
    )
    cle = models.CharField("texte", max_length=30, choices=CleFormulation.choices)
    texte = models.TextField("formulation")
    valide_du = models.DateTimeField("en vigueur depuis", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="rédigée par", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "formulation départementale"
        verbose_name_plural = "formulations départementales"
        ordering = ["departement", "cle", "-valide_du", "-pk"]
        indexes = [models.Index(fields=["departement", "cle", "-valide_du"], name="formulation_en_vigueur_idx")]

    def __str__(self):
        return f"{self.get_cle_display()} — {self.departement_id} ({self.valide_du:%d/%m/%Y})"
