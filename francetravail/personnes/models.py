import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition

from francetravail.base.index import index_si_renseigne
from francetravail.personnes.cle_nom import CleNom
from francetravail.personnes.enums import RoleImplication, StatutImplication


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Personne(models.Model):
    """The person accompanied: one shared file across the network.

    Registration details (NIR, household, situation…) are added by ``inscription``;
    this core record carries what access rules need: who the person is, where they
    live, their organisme référent and their référent unique.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="personne",
    )
    nom_naissance = models.CharField("nom de naissance", max_length=150)
    nom_usage = models.CharField("nom d'usage", max_length=150, blank=True)
    prenoms = models.CharField("prénoms", max_length=200)
    date_naissance = models.DateField("date de naissance")
    email = models.EmailField("adresse électronique", blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    adresse = models.CharField("adresse", max_length=250, blank=True)
    # The person's own postcode: a commune may have several (Lille has five); letters print this one
    # (francetravail/base/adresse_postale.py). Given at registration and by the CAF/MSA flow.
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    commune = models.ForeignKey(
        "reseau.Commune",
        verbose_name="commune de résidence",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # indexed in Meta, without the text-pattern index Django adds to a text key
    )
    # Denormalised from the commune so that "staff see their département" is one indexed filter.
    departement = models.ForeignKey(
        "reseau.Departement",
        verbose_name="département",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_index=False,  # indexed in Meta
    )
    organisme_referent = models.ForeignKey(
        "reseau.Organisation",
        verbose_name="organisme référent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="personnes_suivies",
        db_index=False,  # indexed in Meta
    )
    referent_unique = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="référent unique",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="portefeuille",
        db_index=False,  # indexed in Meta
    )
    created_at = models.DateTimeField("créée le", default=timezone.now, editable=False)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    # Retention (issue 21, francetravail/donnees/conservation.py): once archived, the file is out of every
    # list, search, matching and API result (the gate refuses it), readable only by the data protection
    # role with a logged reason; at the end of the archive it is anonymised (identity erased, rows kept
    # for the indicators' counts).
    archivee_le = models.DateTimeField("passée en archive intermédiaire le", null=True, blank=True)
    anonymisee_le = models.DateTimeField("anonymisée le", null=True, blank=True)

    class Meta:
        verbose_name = "personne accompagnée"
        verbose_name_plural = "personnes accompagnées"
        # Each index costs every insert (the CAF/MSA import writes thousands of people a
        # second): one per need, none twice.
        indexes = [
            models.Index(fields=["commune"], name="personne_commune_idx"),
            index_si_renseigne("organisme_referent", "personne_referent_idx"),
            models.Index(fields=["departement"], name="personne_departement_idx"),
            index_si_renseigne("archivee_le", "personne_archivee_idx"),
            index_si_renseigne("referent_unique", "personne_referent_unique_idx"),
            # The national search (a name, maybe a birth date) and the duplicate detection
            # (inscription/doublons.py: same name, same birth date) compare names by their key.
            models.Index(CleNom("nom_naissance"), "date_naissance", name="personne_cle_naissance_idx"),
            models.Index(CleNom("nom_usage"), name="personne_cle_usage_idx", condition=~Q(nom_usage="")),
        ]

    def __str__(self):
        return self.nom_complet

    def save(self, *args, **kwargs):
        self.departement_id = self.commune.departement_id if self.commune_id else None
        if kwargs.get("update_fields") is not None and "commune" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "departement"}
        super().save(*args, **kwargs)

    @property
    def nom_complet(self):
        nom = self.nom_usage or self.nom_naissance
        return f"{self.prenoms} {nom.upper()}"


class ImplicationQuerySet(models.QuerySet):
    def actives(self, on=None):
        """The implications in force at ``on``: accepted, begun, not ended, and not past their planned
        end date (``fin_prevue`` is the last day in force, in local time)."""
        on = on or timezone.now()
        return self.filter(
            Q(fin__isnull=True) | Q(fin__gt=on),
            Q(fin_prevue__isnull=True) | Q(fin_prevue__gte=timezone.localdate(on)),
            statut=StatutImplication.ACCEPTEE,
            debut__lte=on,
        )

    def ouvertes_a(self, user):
        """The ones that open the file to ``user``: addressed to their organisation as a whole, or to
        them by name (an invitation of one professional opens nothing to their colleagues)."""
        return self.filter(Q(professionnel__isnull=True) | Q(professionnel_id=user.pk))

    def en_cours(self):
        """Proposed or accepted and not ended: what the file's list and the invitations show as live."""
        return self.filter(statut__in=(StatutImplication.PROPOSEE, StatutImplication.ACCEPTEE))


@pghistory.track()
class Implication(FSMModelMixin, models.Model):
    """An organisation (or one of its professionals) involved in a person's file besides the organisme
    référent.

    E.g. the département's social worker co-writing the diagnostic, or a partner running an action of
    the plan. The référent invites (``proposee``), the invited side accepts or refuses; either side
    ends it. Only an accepted one, while in force, opens the file (``francetravail/personnes/acces.py``).
    One written directly by a trusted flow (a desk registration: the organisation registers the person
    itself) is accepted at once, hence the default.
    """

    personne = models.ForeignKey(
        Personne, verbose_name="personne", on_delete=models.CASCADE, related_name="implications"
    )
    organisation = models.ForeignKey(
        "reseau.Organisation", verbose_name="organisation", on_delete=models.PROTECT, related_name="implications"
    )
    professionnel = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="professionnel invité",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="Vide : toute l'organisation est invitée.",
    )
    role = models.CharField(
        "rôle", max_length=20, choices=RoleImplication.choices, default=RoleImplication.INTERVENANT
    )
    statut = FSMField(
        "statut", max_length=10, choices=StatutImplication.choices, default=StatutImplication.ACCEPTEE, protected=True
    )
    motif = models.CharField("motif", max_length=250)
    debut = models.DateTimeField("début", default=timezone.now)
    fin_prevue = models.DateField("jusqu'au (inclus)", null=True, blank=True)
    fin = models.DateTimeField("fin", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="ajoutée par", on_delete=models.PROTECT, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="acceptée par",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    # A refusal and an end are both recorded here: who closed the implication, when, why.
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="close par",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    ended_at = models.DateTimeField("close le", null=True, blank=True)
    motif_fin = models.CharField("motif de fin ou de refus", max_length=250, blank=True)

    objects = ImplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation impliquée"
        verbose_name_plural = "organisations impliquées"
        indexes = [models.Index(fields=["organisation", "personne"], name="implication_org_personne_idx")]

    def __str__(self):
        return f"{self.organisation} — {self.personne}"

    # Named after the state they lead to; only francetravail.personnes.actions calls them.

    @transition(field=statut, source=StatutImplication.PROPOSEE, target=StatutImplication.ACCEPTEE)
    def vers_acceptee(self):
        pass

    @transition(field=statut, source=StatutImplication.PROPOSEE, target=StatutImplication.REFUSEE)
    def vers_refusee(self):
        pass

    @transition(
        field=statut,
        source=(StatutImplication.PROPOSEE, StatutImplication.ACCEPTEE),
        target=StatutImplication.TERMINEE,
    )
    def vers_terminee(self):
        pass


class HistoriqueImplication(models.Model):
    """Transition log of an implication: who invited, accepted, refused or ended it, when, and why."""

    implication = models.ForeignKey(
        Implication, verbose_name="implication", on_delete=models.CASCADE, related_name="historique"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="par", on_delete=models.PROTECT, related_name="+", null=True
    )
    at = models.DateTimeField("le", default=timezone.now)
    statut_avant = models.CharField("statut avant", max_length=10, choices=StatutImplication.choices, blank=True)
    statut_apres = models.CharField("statut après", max_length=10, choices=StatutImplication.choices)
    motif = models.TextField("motif", blank=True)

    class Meta:
        verbose_name = "changement d'implication"
        verbose_name_plural = "historique des implications"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.implication_id} : {self.statut_avant or '—'} → {self.statut_apres}"
