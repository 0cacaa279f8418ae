from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from francetravail.base.fichiers import NomAleatoire
from francetravail.documents.enums import NatureDocument, TypeFichier


class Document(models.Model):
    """A file a person or a professional attached to a person's file (issue 21).

    Only ``francetravail.documents.depot.deposer`` creates one: the content was checked (size, type
    from the content, antivirus, images re-encoded) before it is stored under a random name. ``nom``
    is what the page shows and the download is called, cleaned from the uploaded name (never trusted,
    never used as a path). ``objet`` is what it is attached to (an observation, an appeal, an
    appointment, an application, a contract, a diagnostic), in the domain app that owns it; the
    person is always set, so a document follows the retention of the file it belongs to.
    Served only by ``documents.views.telecharger`` through the gate, with the access log.
    """

    personne = models.ForeignKey(
        "personnes.Personne", verbose_name="personne", on_delete=models.CASCADE, related_name="documents"
    )
    nature = models.CharField("nature", max_length=20, choices=NatureDocument.choices)
    objet_type = models.ForeignKey(
        ContentType, verbose_name="type de l'objet", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    objet_id = models.PositiveBigIntegerField("identifiant de l'objet", null=True, blank=True)
    objet = GenericForeignKey("objet_type", "objet_id")
    fichier = models.FileField("fichier", upload_to=NomAleatoire("documents"))
    nom = models.CharField("nom du fichier", max_length=120)
    type_fichier = models.CharField("type", max_length=40, choices=TypeFichier.choices)
    taille = models.PositiveBigIntegerField("taille (octets)")
    empreinte = models.CharField("empreinte SHA-256", max_length=64)
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="déposé par", on_delete=models.PROTECT, related_name="+"
    )
    depose_le = models.DateTimeField("déposé le", default=timezone.now)

    class Meta:
        verbose_name = "pièce jointe"
        verbose_name_plural = "pièces jointes"
        indexes = [
            models.Index(fields=["personne", "-depose_le"], name="document_personne_idx"),
            models.Index(fields=["objet_type", "objet_id"], name="document_objet_idx"),
        ]

    def __str__(self):
        return f"{self.nom} ({self.get_nature_display()})"
