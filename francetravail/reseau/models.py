import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from francetravail.reseau.attribution import condition_role_admis, message_refus_type, role_attribuable
from francetravail.reseau.enums import Role, StatutRattachement, TypeCommune, TypeOrganisation


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=2, primary_key=True)
    nom = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "région"
        verbose_name_plural = "régions"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class Departement(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    nom = models.CharField("nom", max_length=100)
    region = models.ForeignKey(Region, verbose_name="région", on_delete=models.PROTECT, related_name="departements")

    class Meta:
        verbose_name = "département"
        verbose_name_plural = "départements"
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} — {self.nom}"


class Commune(models.Model):
    """A commune of the INSEE COG (current communes, and delegated/associated ones and arrondissements)."""

    code_insee = models.CharField("code INSEE", max_length=5, primary_key=True)
    nom = models.CharField("nom", max_length=150)
    type_commune = models.CharField("type", max_length=4, choices=TypeCommune.choices, default=TypeCommune.COMMUNE)
    departement = models.ForeignKey(
        Departement, verbose_name="département", on_delete=models.PROTECT, related_name="communes"
    )
    commune_parente = models.ForeignKey(
        "self", verbose_name="commune parente", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    codes_postaux = ArrayField(models.CharField(max_length=5), verbose_name="codes postaux", default=list, blank=True)
    population = models.PositiveIntegerField("population", null=True, blank=True)
    # Names of the communes déléguées/associées folded into this one: people still
    # write them in addresses, so searches and postal-code checks accept them.
    anciens_noms = ArrayField(models.CharField(max_length=150), verbose_name="anciens noms", default=list, blank=True)

    class Meta:
        verbose_name = "commune"
        verbose_name_plural = "communes"
        ordering = ["nom"]
        indexes = [GinIndex(fields=["codes_postaux"], name="reseau_commune_cp_gin")]

    def __str__(self):
        return f"{self.nom} ({self.code_insee})"


class BassinEmploi(models.Model):
    code = models.CharField("code", max_length=20, unique=True)
    nom = models.CharField("nom", max_length=150)
    departement = models.ForeignKey(
        Departement, verbose_name="département", on_delete=models.PROTECT, related_name="bassins"
    )
    communes = models.ManyToManyField(Commune, verbose_name="communes", related_name="bassins", blank=True)

    class Meta:
        verbose_name = "bassin d'emploi"
        verbose_name_plural = "bassins d'emploi"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


@pghistory.track()
class Organisation(models.Model):
    nom = models.CharField("nom", max_length=200)
    type_organisation = models.CharField("type", max_length=30, choices=TypeOrganisation.choices)
    siret = models.CharField("SIRET", max_length=14, blank=True)
    # The territory the organisation serves: a département (most), a région, or
    # national when both are empty (France Travail's direction générale).
    departement = models.ForeignKey(
        Departement,
        verbose_name="département",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    region = models.ForeignKey(
        Region, verbose_name="région", on_delete=models.PROTECT, null=True, blank=True, related_name="organisations"
    )
    bassins = models.ManyToManyField(
        BassinEmploi, verbose_name="bassins d'emploi", blank=True, related_name="organisations"
    )
    commune = models.ForeignKey(
        Commune, verbose_name="commune du siège", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    email = models.EmailField("adresse de contact", blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    actif = models.BooleanField("active", default=True)

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisations"
        ordering = ["nom"]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        if self.departement_id and not self.region_id:
            self.region_id = Departement.objects.values_list("region_id", flat=True).get(pk=self.departement_id)
        super().save(*args, **kwargs)


class MembershipQuerySet(models.QuerySet):
    def actives(self):
        """The memberships that grant their role: every access decision starts from these.

        Withdrawn, pending or refused ones grant nothing, nor does a role held in an organisation
        whose type does not admit it (``attribution.ROLES_PAR_TYPE_ORGANISATION``): legacy data
        written before the rule, or an organisation whose type changed, opens nothing.
        """
        return self.filter(
            condition_role_admis(),
            actif=True,
            statut=StatutRattachement.CONFIRME,
            organisation__actif=True,
            user__is_active=True,
        )

    def en_attente(self):
        return self.filter(actif=True, statut=StatutRattachement.EN_ATTENTE)

    def sans_comptes_techniques(self):
        """Without the technical accounts of API clients (``partenaires.ClientAPI.compte``).

        Their membership carries a software's role through the access gate, but a software is
        nobody one lists, chooses, names or tells: every list or choice of professionals (members,
        référents, agendas, invitations, notifications...) goes through this; access decisions do not.
        """
        return self.filter(user__client_api__isnull=True)


@pghistory.track()
class Membership(models.Model):
    """A professional belongs to an organisation with a role (one row per role)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="professionnel", on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("rôle", max_length=40, choices=Role.choices)
    actif = models.BooleanField("actif", default=True)
    statut = models.CharField(
        "statut", max_length=12, choices=StatutRattachement.choices, default=StatutRattachement.CONFIRME
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "rattachement"
        verbose_name_plural = "rattachements"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="reseau_membership_unique_role"),
        ]
        indexes = [models.Index(fields=["user"], condition=Q(actif=True), name="reseau_membership_actif_idx")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"

    def clean(self):
        # Model validation: the Django admin's forms refuse a role the organisation's type does not admit.
        super().clean()
        if self.organisation_id and self.role and self.actif:
            type_organisation = self.organisation.type_organisation
            if not role_attribuable(type_organisation, self.role):
                raise ValidationError({"role": message_refus_type(type_organisation, self.role)})
