"""The storage of people's documents: on disk, never reachable by a URL.

Contract PDFs, paper-signature scans, sanction letters, immersion conventions and CAF/MSA files
carry personal data (the CAF files, NIRs). No route serves ``MEDIA_ROOT`` — not even with
``DEBUG`` — and this storage refuses to give a URL: a document is served only by a view that
goes through the access gate and writes the access log (``francetravail.base.pdf``,
``contrats.views.conseiller.scan_signature``…). Names are random (``francetravail.base.fichiers``).

The system check below refuses to start when ``MEDIA_ROOT`` lies in a folder that serves static
files (WhiteNoise would then serve the documents to anyone), or when the default storage is not
this one.
"""

from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage

REFUS_URL = (
    "Les documents stockés n'ont pas d'adresse publique : servez-les par une vue contrôlée "
    "(porte d'accès et journal des accès)."
)
# The private storages: on disk (the default), or on an S3-compatible store by configuration
# (``stockage_s3``, issue 21). Both refuse to give a URL.
STOCKAGES_PRIVES = {
    "francetravail.base.stockage.StockagePrive",
    "francetravail.base.stockage_s3.StockagePriveS3",
}


class StockagePrive(FileSystemStorage):
    def url(self, name):
        raise ValueError(REFUS_URL)


def _dossiers_statiques():
    dossiers = []
    if settings.STATIC_ROOT:
        dossiers.append(settings.STATIC_ROOT)
    for entree in settings.STATICFILES_DIRS:
        dossiers.append(entree[1] if isinstance(entree, tuple | list) else entree)
    if getattr(settings, "WHITENOISE_ROOT", None):
        dossiers.append(settings.WHITENOISE_ROOT)
    return [Path(d).resolve() for d in dossiers]


def verifier_stockage_prive(app_configs, **kwargs):
    erreurs = []
    media = Path(settings.MEDIA_ROOT).resolve()
    for dossier in _dossiers_statiques():
        if media == dossier or dossier in media.parents:
            erreurs.append(
                checks.Error(
                    f"MEDIA_ROOT ({media}) est dans un dossier de fichiers statiques servis à tous ({dossier}).",
                    hint="Placez MEDIA_ROOT hors de STATIC_ROOT, STATICFILES_DIRS et WHITENOISE_ROOT.",
                    id="francetravail.E001",
                )
            )
    backend = settings.STORAGES.get("default", {}).get("BACKEND", "")
    if backend not in STOCKAGES_PRIVES:
        erreurs.append(
            checks.Error(
                f"Le stockage par défaut ({backend or 'non défini'}) donne des adresses aux documents stockés.",
                hint="STORAGES['default'] doit être francetravail.base.stockage.StockagePrive "
                "(ou StockagePriveS3 par configuration, STOCKAGE_S3_BUCKET).",
                id="francetravail.E002",
            )
        )
    return erreurs
