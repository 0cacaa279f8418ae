"""Use cases of registration that change state."""

from django.db import transaction

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from inscription import import_caf
from inscription.models import ImportFluxCAF


@transaction.atomic
def lancer_import_flux_caf(fichier, *, nom_fichier, acting_user=None):
    """Records an import of the CAF/MSA flow and queues it for a worker once committed."""
    from inscription.tasks import importer_flux_caf

    imp = ImportFluxCAF(nom_fichier=nom_fichier, lance_par=acting_user, empreinte=import_caf.empreinte(fichier))
    imp.fichier.save(nom_fichier, fichier, save=True)
    enregistrer_evenement(
        TypeEvenement.IMPORT_FLUX_CAF, acting_user=acting_user, import_id=imp.pk, fichier=nom_fichier
    )
    transaction.on_commit(lambda: importer_flux_caf.delay(imp.pk))
    return imp
