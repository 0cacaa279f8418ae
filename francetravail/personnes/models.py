import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from francetravail.base.index import index_si_renseigne
from francetravail.personnes.cle_nom import CleNom


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

    class Meta:
        verbose_name = "personne accompagnée"
        verbose_name_plural = "personnes accompagnées"
        # Each index costs every insert (the CAF/MSA import writes thousands of people a
        # second): one per need, none twice.
        indexes = [
            models.Index(fields=["commune"], name="personne_commune_idx"),
            index_si_renseigne("organisme_referent", "personne_referent_idx"),
            models.Index(fields=["departement"], name="personne_departement_idx"),
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
        on = on or timezone.now()
        return self.filter(Q(fin__isnull=True) | Q(fin__gt=on), debut__lte=on)


@pghistory.track()
class Implication(models.Model):
    """An organisation explicitly involved in a person's file besides the organisme référent.

    E.g. the département's social worker co-writing the diagnostic, or a partner
    running an action of the plan. It opens read access to the file while active.
    """

    personne = models.ForeignKey(
        Personne, verbose_name="personne", on_delete=models.CASCADE, related_name="implications"
    )
    organisation = models.ForeignKey(
        "reseau.Organisation", verbose_name="organisation", on_delete=models.PROTECT, related_name="implications"
    )
    motif = models.CharField("motif", max_length=250)
    debut = models.DateTimeField("début", default=timezone.now)
    fin = models.DateTimeField("fin", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="ajoutée par", on_delete=models.PROTECT, related_name="+"
    )

    objects = ImplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation impliquée"
        verbose_name_plural = "organisations impliquées"
        indexes = [models.Index(fields=["organisation", "personne"], name="implication_org_personne_idx")]

    def __str__(self):
        return f"{self.organisation} — {self.personne}"
