"""Files uploaded for a preview and not yet imported (back-office, inscription/views/flux.py).

A file waits in the private storage under a random token (128 bits, the only way to name it) with
a small JSON beside it: its département, format, mapping and name. Any of that département's staff
may preview, import or drop it (the views check ``acces.peut_gerer_flux`` on its département); a
token of another département is not found. Importing or dropping it deletes both files.
"""

import json
import re
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

DOSSIER = "flux_caf_apercus"
_JETON = re.compile(r"^[0-9a-f]{32}$")


def _chemins(jeton):
    return f"{DOSSIER}/{jeton}", f"{DOSSIER}/{jeton}.json"


def deposer(fichier, *, nom_fichier, departement, format, correspondance=None, acting_user=None):  # noqa: A002
    """Stores ``fichier`` for its preview; returns its token."""
    jeton = secrets.token_hex(16)
    chemin, meta = _chemins(jeton)
    default_storage.save(chemin, fichier)
    depot = {
        "nom_fichier": nom_fichier[:255],
        "departement": getattr(departement, "code", departement),
        "format": str(format),
        "correspondance": getattr(correspondance, "pk", correspondance),
        "depose_par": getattr(acting_user, "pk", None),
        "depose_le": timezone.now().isoformat(),
    }
    default_storage.save(meta, ContentFile(json.dumps(depot).encode()))
    return jeton


def lire(jeton):
    """The deposit's description (dict), or None for a token that names nothing (or is not a token)."""
    if not isinstance(jeton, str) or not _JETON.match(jeton):
        return None
    chemin, meta = _chemins(jeton)
    if not (default_storage.exists(meta) and default_storage.exists(chemin)):
        return None
    with default_storage.open(meta, "rb") as f:
        return json.loads(f.read()) | {"chemin": chemin, "jeton": jeton}


def changer_correspondance(jeton, correspondance):
    depot = lire(jeton)
    _chemin, meta = _chemins(jeton)
    depot["correspondance"] = correspondance.pk
    default_storage.delete(meta)
    default_storage.save(
        meta, ContentFile(json.dumps({k: v for k, v in depot.items() if k not in ("chemin", "jeton")}).encode())
    )


def ouvrir(depot):
    return default_storage.open(depot["chemin"], "rb")


def oublier(jeton):
    if lire(jeton) is None:
        return
    for chemin in _chemins(jeton):
        default_storage.delete(chemin)
