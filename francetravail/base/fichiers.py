"""Names of stored files: random, so that a stored path says nothing and cannot be guessed.

Every ``FileField`` of the project stores its file as ``<dossier>/<2 hex>/<32 hex>.<ext>``: 128
random bits (``secrets``), no person id, no date, no order of uploads. The two-character
subfolder keeps each folder small. What the pages call a file (« contrat-engagement-12-v1.pdf »)
is computed when it is served, or kept in a field of its own (``ImportFluxCAF.nom_fichier``).
Files are served only by gated views (see ``francetravail.base.stockage``).
"""

import re
import secrets
from pathlib import PurePath

from django.db import transaction
from django.utils.deconstruct import deconstructible

_EXTENSION = re.compile(r"^\.[a-z0-9]{1,8}$")


def extension(nom):
    """The lower-cased extension of ``nom`` (".pdf"), or "" when it has none worth keeping."""
    suffixe = PurePath(nom or "").suffix.lower()
    return suffixe if _EXTENSION.match(suffixe) else ""


@deconstructible
class NomAleatoire:
    """``upload_to`` for a ``FileField``: a random name under ``dossier``, keeping the extension only."""

    def __init__(self, dossier):
        self.dossier = dossier.strip("/")

    def __call__(self, instance, filename):
        aleatoire = secrets.token_hex(16)
        return f"{self.dossier}/{aleatoire[:2]}/{aleatoire}{extension(filename)}"

    def __eq__(self, other):
        return isinstance(other, NomAleatoire) and other.dossier == self.dossier

    def __hash__(self):
        return hash(self.dossier)

    def est_aleatoire(self, nom):
        motif = rf"{re.escape(self.dossier)}/[0-9a-f]{{2}}/[0-9a-f]{{32}}(\.[a-z0-9]{{1,8}})?"
        return re.fullmatch(motif, nom) is not None


def renommer_noms_previsibles(apps, app_label, modele, champ):
    """Gives a random name to each file of ``modele.champ`` still stored under a guessable one.

    For the data migrations that came with the random names: each file is copied under its new
    name and the row updated; the old file is deleted once the transaction has committed (a
    rollback leaves the rows on their old files, which are still there). A row whose file is
    missing keeps its name. Returns the number of files renamed.
    """
    Modele = apps.get_model(app_label, modele)
    field = Modele._meta.get_field(champ)
    storage = field.storage
    nommer = NomAleatoire(_dossier_de(field))
    renommes = 0
    lignes = Modele._default_manager.exclude(**{champ: ""}).values_list("pk", champ)
    for pk, ancien in lignes.iterator():
        if nommer.est_aleatoire(ancien) or not storage.exists(ancien):
            continue
        with storage.open(ancien, "rb") as source:
            nouveau = storage.save(nommer(None, ancien), source)
        Modele._default_manager.filter(pk=pk).update(**{champ: nouveau})
        transaction.on_commit(lambda nom=ancien: storage.delete(nom))
        renommes += 1
    return renommes


def _dossier_de(field):
    upload_to = field.upload_to
    if isinstance(upload_to, NomAleatoire):
        return upload_to.dossier
    # A historical model in a migration may still carry the old "dossier/%Y/%m/" string.
    return str(upload_to).split("%", 1)[0].strip("/")
