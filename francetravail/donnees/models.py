from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone

from francetravail.base.fichiers import NomAleatoire
from francetravail.donnees.enums import ActionConservation, CategorieDonnees, StatutCopie, StatutRectification


class RegistrePurge(models.Model):
    """One line per rule applied by a run of the retention sweep (issue 21): what the data
    protection officer shows to prove what was archived, anonymised or erased, and under which text.

    ``identifiants`` are the ids of the files concerned, hashed (HMAC-SHA256 with a key of the
    platform, ``donnees.conservation.empreinte``): the register proves that a given file was treated
    when one asks about it, without keeping a list of people. Never updated, never deleted.
    """

    execute_le = models.DateTimeField("exécuté le", default=timezone.now, db_index=True)
    regle = models.CharField("règle (clé du paramètre légal)", max_length=80)
    reference_legale = models.CharField("référence légale", max_length=300)
    action = models.CharField("action", max_length=20, choices=ActionConservation.choices)
    date_limite = models.DateField("date limite appliquée", help_text="Données antérieures à cette date.")
    nombre = models.PositiveIntegerField("nombre de dossiers")
    identifiants = ArrayField(models.CharField(max_length=64), verbose_name="identifiants (empreintes)", default=list)
    duree_ms = models.PositiveIntegerField("durée (ms)", default=0)

    class Meta:
        verbose_name = "ligne du registre des purges"
        verbose_name_plural = "registre des purges"
        ordering = ["-execute_le", "regle"]
        # « Was this file treated? » looks an empreinte up in every line (identifiants @> ARRAY[...]).
        indexes = [GinIndex(fields=["identifiants"], name="registre_purge_empreintes_idx")]

    def __str__(self):
        return f"{self.execute_le:%d/%m/%Y} {self.regle} : {self.get_action_display()} ({self.nombre})"


class PreavisArchivage(models.Model):
    """The person was told that their file will go to the archive (issue 21): the sweep archives a file
    with a known address only once this notice is older than the « préavis » (``conservation.preavis_archivage``)
    and was given during the current inactivity (after the active period's start date). The outbox's row
    does not last (its partitions are dropped after ``conservation.journaux``): this one does, one per person."""

    personne = models.OneToOneField(
        "personnes.Personne", verbose_name="personne", on_delete=models.CASCADE, related_name="preavis_archivage"
    )
    envoye_le = models.DateTimeField("prévenue le")
    canal = models.CharField("canal", max_length=10)

    class Meta:
        verbose_name = "préavis d'archivage"
        verbose_name_plural = "préavis d'archivage"

    def __str__(self):
        return f"Préavis d'archivage du {self.envoye_le:%d/%m/%Y}"


class CopieDossier(models.Model):
    """A copy of everything the platform holds about a person (RGPD art. 15), built by the worker.

    Asked by the person in their space, or by a professional on the person's request; available
    ``COPIE_DOSSIER_DUREE_JOURS`` days behind the person's login, then the file is deleted.
    """

    personne = models.ForeignKey(
        "personnes.Personne", verbose_name="personne", on_delete=models.CASCADE, related_name="copies"
    )
    demandee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="demandée par", on_delete=models.PROTECT, related_name="+"
    )
    demandee_le = models.DateTimeField("demandée le", default=timezone.now)
    statut = models.CharField("statut", max_length=12, choices=StatutCopie.choices, default=StatutCopie.EN_ATTENTE)
    progression = models.PositiveSmallIntegerField("progression (%)", default=0)
    etape = models.CharField("étape en cours", max_length=120, blank=True)
    fichier = models.FileField("archive ZIP", upload_to=NomAleatoire("donnees/copies"), blank=True)
    taille = models.PositiveBigIntegerField("taille (octets)", default=0)
    prete_le = models.DateTimeField("prête le", null=True, blank=True)
    expire_le = models.DateTimeField("disponible jusqu'au", null=True, blank=True)
    erreur = models.CharField("erreur", max_length=250, blank=True)

    class Meta:
        verbose_name = "copie d'un dossier"
        verbose_name_plural = "copies de dossiers"
        indexes = [models.Index(fields=["personne", "-demandee_le"], name="copie_personne_idx")]

    def __str__(self):
        return f"Copie du dossier de {self.personne} ({self.get_statut_display()})"


class DemandeRectification(models.Model):
    """A person asks that data about them be corrected (RGPD art. 16); routed to their référent's
    organisation, answered by a deadline, logged. There is no right to object (loi 1978, art. 56)."""

    personne = models.ForeignKey(
        "personnes.Personne", verbose_name="personne", on_delete=models.CASCADE, related_name="rectifications"
    )
    demandee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="demandée par", on_delete=models.PROTECT, related_name="+"
    )
    demandee_le = models.DateTimeField("demandée le", default=timezone.now)
    categorie = models.CharField("données concernées", max_length=20, choices=CategorieDonnees.choices)
    texte = models.TextField("ce qui est inexact et la correction demandée")
    organisation = models.ForeignKey(
        "reseau.Organisation",
        verbose_name="organisation chargée de répondre",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    echeance = models.DateField("à traiter avant le")
    # RGPD art. 12 §3: the deadline may be extended once, the person told why within the first deadline.
    prolongee_le = models.DateTimeField("délai prolongé le", null=True, blank=True)
    motif_prolongation = models.TextField("motif de la prolongation", blank=True)
    statut = models.CharField(
        "statut", max_length=12, choices=StatutRectification.choices, default=StatutRectification.OUVERTE
    )
    reponse = models.TextField("réponse", blank=True)
    repondue_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="répondue par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    repondue_le = models.DateTimeField("répondue le", null=True, blank=True)

    class Meta:
        verbose_name = "demande de rectification"
        verbose_name_plural = "demandes de rectification"
        indexes = [
            models.Index(fields=["personne", "-demandee_le"], name="rectification_personne_idx"),
            models.Index(
                fields=["organisation", "echeance"],
                name="rectification_ouverte_idx",
                condition=models.Q(statut="ouverte"),
            ),
        ]

    def __str__(self):
        return f"Rectification « {self.get_categorie_display()} » de {self.personne}"
