"""The one way a document enters the platform: ``deposer``.

Called by a domain action, inside its transaction, with a file its form already checked through
``ChampDocument`` (``verifier`` is then not run twice). Order of the checks: size (the upload
itself was cut at ``DOCUMENTS_TAILLE_MAX`` while it arrived: ``francetravail.base.televersement``),
antivirus (before any parser reads the file), type from the content, the file opened (a PDF parses,
an image decodes); images are re-encoded by Pillow (``reencodage``: metadata dropped); then the file
is stored under a random name through Django's storage API (the local filesystem, or an
S3-compatible store by configuration) and the row written. The shown name is rebuilt from the
uploaded one: no path, no control character, the extension of the detected type.
"""

import hashlib
import re
import unicodedata
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from francetravail.base.televersement import taille_lisible
from francetravail.documents import antivirus
from francetravail.documents.enums import TypeFichier
from francetravail.documents.models import Document
from francetravail.documents.reencodage import reencoder
from francetravail.documents.verification import verifier_contenu

EXTENSIONS = {TypeFichier.PDF: ".pdf", TypeFichier.JPEG: ".jpg", TypeFichier.PNG: ".png"}
_INTERDITS = re.compile(r"[^\w .,()'+-]+")
LONGUEUR_NOM = 100


def refus_taille():
    maximum = taille_lisible(settings.DOCUMENTS_TAILLE_MAX)
    return f"Ce fichier dépasse la taille maximale autorisée ({maximum}) : il n'a pas été enregistré."


def verifier(fichier, nature=None):
    """Size, antivirus, type read from the content, the file opened as that type: raises a
    ValidationError in French, else returns the ``TypeFichier`` (also kept on the file object, so that
    ``deposer`` does not check twice)."""
    if fichier.size > settings.DOCUMENTS_TAILLE_MAX:
        raise ValidationError(refus_taille(), code="taille")
    # The antivirus first: a malicious file is never handed to a parser (pypdf, Pillow).
    antivirus.analyser(fichier)
    type_fichier = verifier_contenu(fichier, nature)
    fichier.type_fichier_verifie = type_fichier
    return type_fichier


def nom_affiche(nom, type_fichier):
    """A name to show and to download under: the uploaded file's base name, cleaned, with the
    extension of what the content is (« Justificatif.pdf »), never a path."""
    base = PurePath((nom or "").replace("\\", "/")).stem
    base = unicodedata.normalize("NFC", base)
    base = _INTERDITS.sub("_", base).strip(" ._") or "document"
    return base[: LONGUEUR_NOM - 5] + EXTENSIONS[TypeFichier(type_fichier)]


def empreinte(fichier):
    h = hashlib.sha256()
    fichier.seek(0)
    while morceau := fichier.read(1024 * 1024):
        h.update(morceau)
    fichier.seek(0)
    return h.hexdigest()


def deposer(fichier, *, personne, nature, par, objet=None):
    """Checks and stores ``fichier`` (an UploadedFile) as a ``Document`` of ``personne``'s file,
    attached to ``objet``, and writes its ``DOCUMENT_DEPOSE`` audit event (the calling action writes
    its own event for what the document comes with; it does not write this one). Raises a
    ValidationError (French message) and stores nothing on refusal."""
    type_fichier = getattr(fichier, "type_fichier_verifie", None) or verifier(fichier, nature)
    nom = nom_affiche(fichier.name, type_fichier)
    # An image is stored as Pillow re-encodes it (no metadata, no trailing bytes); a PDF as uploaded.
    contenu = reencoder(fichier, type_fichier)
    document = Document(
        personne=personne,
        nature=nature,
        nom=nom,
        type_fichier=type_fichier,
        taille=contenu.size,
        empreinte=empreinte(contenu),
        depose_par=par,
    )
    if objet is not None:
        document.objet_type = ContentType.objects.get_for_model(objet)
        document.objet_id = objet.pk
    # Stored before the row: a rolled-back action leaves an orphan file, never a row without its file
    # (Django has no rollback hook); the nightly sweep of orphan files deletes those.
    document.fichier.save(document.nom, contenu, save=False)
    document.save()
    enregistrer_evenement(
        TypeEvenement.DOCUMENT_DEPOSE,
        acting_user=par,
        personne=personne,
        document_id=document.pk,
        nature=str(nature),
        type_fichier=str(type_fichier),
        taille=document.taille,
        empreinte=document.empreinte,
        objet=f"{document.objet_type.app_label}.{document.objet_type.model}:{document.objet_id}" if objet else "",
    )
    return document
