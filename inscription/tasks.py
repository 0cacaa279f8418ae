import datetime

from celery import shared_task
from django.conf import settings
from django.utils.dateparse import parse_datetime

from inscription import cessation, import_caf, import_xml


@shared_task(
    name="inscription.importer_flux_caf",
    acks_late=True,
    # The project's default (60 s) fits requests' side tasks, not a file of several hundred thousand
    # lines: past the soft limit the run stops and the import is an « échec » with its reason; the
    # hard limit is only there if the run does not stop (then the sweep sees a dead run).
    soft_time_limit=settings.FLUX_CAF_DUREE_MAX,
    time_limit=settings.FLUX_CAF_DUREE_MAX + 120,
    # Longer than the broker's visibility timeout on purpose: a copy of the message delivered again
    # while a run goes on finds the run's advisory lock held and returns at once (import_caf.executer),
    # so a redelivery has no effect (tests/test_redis_persistance.py counts the other tasks only).
    relivraison_sans_effet=True,
)
def importer_flux_caf(import_id):
    """Runs a CAF/MSA import; safe to run again on the same import (idempotent, resumes)."""
    imp = import_caf.executer(import_id, parties_au_worker=True)
    if imp is None:
        return None
    return {"statut": imp.statut, "creees": imp.nb_creees, "rejetees": imp.nb_rejetees}


@shared_task(
    name="inscription.ecrire_partie_flux_caf",
    acks_late=True,
    soft_time_limit=settings.FLUX_CAF_DUREE_MAX,
    time_limit=settings.FLUX_CAF_DUREE_MAX + 120,
    # As the import's task: a redelivered copy finds the part's advisory lock held and returns at once.
    relivraison_sans_effet=True,
)
def ecrire_partie_flux_caf(import_id, partie):
    """Parses and writes one part of a CNAF XML import (inscription/import_xml.py); ends the import if last."""
    imp = import_xml.ecrire_partie(import_id, partie)
    if imp is None:
        return None
    return {"statut": imp.statut, "partie": partie}


@shared_task(name="inscription.balayer_imports", ignore_result=True)
def balayer_imports(maintenant=None):
    """Re-drives the imports whose message or worker was lost; gives up after the attempts allowed."""
    return import_caf.balayer_imports(maintenant=parse_datetime(maintenant) if maintenant else None)


@shared_task(name="inscription.relever_depot_flux_caf", ignore_result=True)
def relever_depot_flux_caf():
    """Launches the import of the complete new files of the drop folder (FLUX_CAF_DEPOT); one sweep at a time."""
    from inscription import depot_flux  # cycle: depot_flux -> actions -> tasks

    return depot_flux.relever_depot()


@shared_task(name="inscription.rouvrir_inscriptions", ignore_result=True)
def rouvrir_inscriptions(limit=cessation.TAILLE_LOT, aujourdhui=None):
    """Reopens the registrations whose radiation ended (the day after its last day); returns how many."""
    jour = datetime.date.fromisoformat(aujourdhui) if isinstance(aujourdhui, str) else aujourdhui
    return cessation.rouvrir_inscriptions_echues(jour, limite=limit)
