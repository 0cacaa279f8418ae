from celery import shared_task

from inscription import import_caf


@shared_task(name="inscription.importer_flux_caf", acks_late=True)
def importer_flux_caf(import_id):
    """Runs a CAF/MSA import; safe to run again on the same import (idempotent)."""
    imp = import_caf.executer(import_id)
    return {"statut": imp.statut, "creees": imp.nb_creees, "rejetees": imp.nb_rejetees}
