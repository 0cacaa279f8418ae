"""The drop folder of the CAF/MSA flow: files left in ``FLUX_CAF_DEPOT/<département>/`` are imported.

Layout (one subfolder per département, named by its code as the platform writes it: ``93``, ``2A``,
``974``)::

    FLUX_CAF_DEPOT/93/RSABEM_202611.xml        <- dropped by the CAF, a partner, a transfer script
    FLUX_CAF_DEPOT/93/traites/RSABEM_202611.xml        taken: an import was launched
    FLUX_CAF_DEPOT/93/refuses/export.csv               not taken, and why:
    FLUX_CAF_DEPOT/93/refuses/export.csv.motif.txt     (French, UTF-8)

A file still being written is not taken. Two conventions, either is enough: a name ending in
``.part`` (or starting with a dot) is never taken, so a sender that writes ``x.xml.part`` then renames
it to ``x.xml`` (atomic on one filesystem) is safe at once; and a file is taken only when it has not
been modified for ``FLUX_CAF_DEPOT_DELAI`` seconds (60 by default), so a copy in place (scp, sftp)
is taken once it has been still for that long. A copy that stalls longer than that gives a truncated
file: an XML one fails as a whole (« fichier tronqué »), nothing is written.

The same file (same SHA-256, ``ImportFluxCAF.empreinte``) is never imported twice: a copy of a file
already imported (and not in « échec ») goes to ``refuses/`` with the import it duplicates. A CSV or
XLSX export needs its département's column mapping (``detection.correspondance_par_defaut``).

One sweep at a time: each holds a PostgreSQL advisory lock (session-level, released by the server
if the worker dies); a second beat firing meanwhile returns at once.
"""

import hashlib
import logging
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from francetravail.base.televersement import taille_lisible
from francetravail.base.verrous import Verrou, verrous_de_session
from francetravail.reseau.models import Departement
from inscription.actions import lancer_import_flux_caf
from inscription.enums import FormatFlux, StatutImport
from inscription.flux.detection import FormatInconnu, correspondance_par_defaut, detecter_format
from inscription.models import ImportFluxCAF

logger = logging.getLogger(__name__)

TRAITES = "traites"
REFUSES = "refuses"
SUFFIXE_MOTIF = ".motif.txt"
# Files taken per sweep: the next sweep (a minute later) takes the rest.
FICHIERS_PAR_RELEVE = 20
# The advisory lock of the sweep ("CAFD"): a key of its own, apart from the imports' (import_caf.VERROU_IMPORT).
VERROU_DEPOT = 0x43414644


def _verrou_depot():
    return verrous_de_session(Verrou(VERROU_DEPOT))


def _a_prendre(chemin, maintenant, delai):
    """A complete file: not hidden, not ``.part``, not a reason file, still for ``delai`` seconds."""
    nom = chemin.name
    if nom.startswith(".") or nom.endswith(".part") or nom.endswith(SUFFIXE_MOTIF) or not chemin.is_file():
        return False
    return maintenant - chemin.stat().st_mtime >= delai


def _destination(dossier, nom):
    """``dossier/nom``, or ``dossier/stem-2.ext``… when a file of that name is already there."""
    dossier.mkdir(exist_ok=True)
    cible = dossier / nom
    rang = 2
    while cible.exists():
        cible = dossier / f"{Path(nom).stem}-{rang}{Path(nom).suffix}"
        rang += 1
    return cible


def _ranger(chemin, sous_dossier):
    cible = _destination(chemin.parent / sous_dossier, chemin.name)
    os.replace(chemin, cible)
    return cible


def _refuser(chemin, motif):
    cible = _ranger(chemin, REFUSES)
    (cible.parent / f"{cible.name}{SUFFIXE_MOTIF}").write_text(
        f"Fichier « {chemin.name} » non importé ({timezone.localtime():%d/%m/%Y %H:%M}).\n{motif}\n",
        encoding="utf-8",
    )
    logger.warning("Dépôt du flux CAF/MSA : %s refusé (%s)", chemin, motif)
    return cible


def _sha256(chemin):
    sha = hashlib.sha256()
    with chemin.open("rb") as source:
        for morceau in iter(lambda: source.read(1 << 20), b""):
            sha.update(morceau)
    return sha.hexdigest()


def deja_importe(empreinte):
    """The import of a file with this SHA-256 that is not an « échec » (one may drop it again to resume)."""
    return ImportFluxCAF.objects.filter(empreinte=empreinte).exclude(statut=StatutImport.ECHEC).first()


def _motif_refus(chemin, departement):
    """Why the file cannot be imported (French), else (format, correspondance)."""
    taille = chemin.stat().st_size
    if taille > settings.FLUX_CAF_TAILLE_MAX:
        return (
            f"Le fichier dépasse la taille maximale autorisée ({taille_lisible(settings.FLUX_CAF_TAILLE_MAX)}, "
            "paramètre FLUX_CAF_TAILLE_MAX)."
        )
    if (anterieur := deja_importe(_sha256(chemin))) is not None:
        return (
            f"Fichier identique à celui de l'import n° {anterieur.pk} ({anterieur.nom_fichier}, "
            f"déposé le {timezone.localtime(anterieur.cree_le):%d/%m/%Y à %H:%M}) : il n'est pas importé deux fois."
        )
    try:
        with chemin.open("rb") as source:
            format_flux = detecter_format(source)
    except FormatInconnu as exc:
        return str(exc)
    correspondance = None
    if format_flux == FormatFlux.TABLEUR:
        correspondance = correspondance_par_defaut(departement)
        if correspondance is None:
            return (
                f"Fichier CSV ou XLSX : le département {departement.code} n'a pas une et une seule correspondance "
                "de colonnes pour le lire. Enregistrez sa correspondance dans le back-office (ou importez le "
                "fichier en choisissant la correspondance), puis déposez-le de nouveau."
            )
    return format_flux, correspondance


def _importer(chemin, departement):
    resultat = _motif_refus(chemin, departement)
    if isinstance(resultat, str):
        _refuser(chemin, resultat)
        return None
    format_flux, correspondance = resultat
    with transaction.atomic(), chemin.open("rb") as source:
        imp = lancer_import_flux_caf(
            File(source),
            nom_fichier=chemin.name,
            format=format_flux,
            departement=departement,
            correspondance=correspondance,
        )
    # After the commit: a crash between the two leaves the file in place, and the next sweep
    # refuses it as a copy of this import (its SHA-256 is stored) rather than importing it again.
    _ranger(chemin, TRAITES)
    logger.info("Dépôt du flux CAF/MSA : %s pris, import n° %s", chemin, imp.pk)
    return imp


def relever_depot():
    """One sweep of ``FLUX_CAF_DEPOT``: launches the import of each complete new file, moves it.

    Returns {"importes": [import ids], "refuses": n, "en_attente": n} (None without a drop folder, or
    when another sweep runs).
    """
    racine = settings.FLUX_CAF_DEPOT
    if not racine:
        return None
    racine = Path(racine)
    with _verrou_depot() as tenu:
        if not tenu:
            return None
        resultat = {"importes": [], "refuses": 0, "en_attente": 0}
        maintenant, delai = time.time(), settings.FLUX_CAF_DEPOT_DELAI
        departements = set(Departement.objects.values_list("code", flat=True))
        pris = 0
        for dossier in sorted(p for p in racine.iterdir() if p.is_dir()):
            if dossier.name not in departements:
                logger.warning("Dépôt du flux CAF/MSA : %s n'est pas le code d'un département, ignoré", dossier)
                continue
            departement = None
            for chemin in sorted(dossier.iterdir()):
                if not chemin.is_file() or chemin.name.startswith(".") or chemin.name.endswith(SUFFIXE_MOTIF):
                    continue
                if not _a_prendre(chemin, maintenant, delai):
                    resultat["en_attente"] += 1
                    continue
                if pris >= FICHIERS_PAR_RELEVE:
                    resultat["en_attente"] += 1
                    continue
                pris += 1
                departement = departement or Departement.objects.get(code=dossier.name)
                imp = _importer(chemin, departement)
                if imp is None:
                    resultat["refuses"] += 1
                else:
                    resultat["importes"].append(imp.pk)
        return resultat
