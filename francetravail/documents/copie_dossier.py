"""What the copy of a person's file holds from ``documents``: the documents' records and the files themselves."""

from pathlib import PurePosixPath

from django.utils.text import get_valid_filename

from francetravail.documents.models import Document
from francetravail.donnees.copie import Categorie


def _fichiers(personne):
    # The shown name is already cleaned at upload; the id keeps two documents of the same name apart.
    return [
        (f"documents/pieces/{doc.pk}-{get_valid_filename(PurePosixPath(doc.nom).name) or 'document'}", doc.fichier)
        for doc in Document.objects.filter(personne=personne).order_by("pk")
        if doc.fichier
    ]


CATEGORIES = [
    Categorie(
        "documents",
        "Pièces jointes",
        ("documents.Document",),
        description="Les pièces jointes de votre dossier (justificatifs, CV, scans) ; les fichiers sont dans "
        "documents/pieces/.",
        noms={"documents.Document": ("depose_par",)},
        fichiers=_fichiers,
    ),
]
