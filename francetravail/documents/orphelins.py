"""The nightly sweep of orphan files: stored files that no row names any more.

A file is stored before its row (``depot.deposer``: Django has no rollback hook, so a rolled-back
action leaves its file behind, never a row without its file), and a row deleted with its person
(``on_delete=CASCADE``), or erased at the end of the archive, leaves its file too. The sweep deletes
those files, for every ``FileField`` of the project whose names are random (``base.fichiers.NomAleatoire``:
``<dossier>/<2 hex>/<32 hex>.<ext>``), the history's copies of the rows included (a file still named by
a pghistory event is kept).

It works one two-hex subfolder at a time (at most 256 per folder): list the stored names, read the
names the rows hold under that prefix (one indexed-prefix query per field), delete the difference.
A file younger than ``DELAI_GRACE`` is never deleted: it may belong to a transaction still running.
It goes through the storage API, so it sweeps the local disk and an S3-compatible store alike.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

from francetravail.base.fichiers import NomAleatoire

logger = logging.getLogger(__name__)

# Longer than any transaction of the platform, short enough that an orphan leaves within two nights.
DELAI_GRACE = timedelta(hours=24)


def champs_par_dossier():
    """{folder: [(model, field name)]} for every FileField stored under a random name."""
    dossiers = defaultdict(list)
    for modele in apps.get_models():
        for champ in modele._meta.concrete_fields:
            if isinstance(champ, models.FileField) and isinstance(champ.upload_to, NomAleatoire):
                dossiers[champ.upload_to.dossier].append((modele, champ.name))
    return dict(dossiers)


def _noms_references(champs, prefixe):
    noms = set()
    for modele, nom in champs:
        noms.update(
            modele._default_manager.filter(**{f"{nom}__startswith": prefixe}).values_list(nom, flat=True).iterator()
        )
    return noms


def balayer(*, maintenant=None, stockage=None):
    """Deletes the orphan files older than ``DELAI_GRACE``; returns {folder: number deleted}."""
    stockage = stockage or default_storage
    limite = (maintenant or timezone.now()) - DELAI_GRACE
    supprimes = {}
    for dossier, champs in sorted(champs_par_dossier().items()):
        total = 0
        try:
            sous_dossiers, _ = stockage.listdir(dossier)
        except FileNotFoundError:
            continue
        for sous_dossier in sorted(sous_dossiers):
            prefixe = f"{dossier}/{sous_dossier}/"
            _, fichiers = stockage.listdir(prefixe.rstrip("/"))
            if not fichiers:
                continue
            references = _noms_references(champs, prefixe)
            for fichier in fichiers:
                nom = prefixe + fichier
                if nom in references or stockage.get_modified_time(nom) > limite:
                    continue
                stockage.delete(nom)
                total += 1
        if total:
            logger.info("Fichiers orphelins supprimés dans %s : %s", dossier, total)
        supprimes[dossier] = total
    return supprimes
