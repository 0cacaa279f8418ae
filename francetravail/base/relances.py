"""Re-driving the generated documents whose task message was lost.

A document (a contract's PDF, an immersion's convention, a sanction letter) is made after the
commit that makes it due: a task queued on commit, or a render on commit in the same process.
If the broker is down at that moment, loses the message (a restart without persistence), or the
worker or the process dies on it, the row waits with no document; the pages make it on first
read, but until then nothing holds its hash, and nobody reads a letter that was never opened.

Each kind of document is described by what marks it missing, since when it is due, and the task
that makes it (idempotent under the row's lock: a document made meanwhile is left as it is).
``relancer_documents`` (beat) queues that task again for each document due for longer than
``DOCUMENTS_DELAI_RELANCE`` and less than ``DOCUMENTS_FENETRE_RELANCE``: the delay leaves the
normal path its time, the window stops a document that always fails (a rendering bug, logged
at each attempt) from coming back for ever.

The CAF/MSA import has its own sweep (``inscription.import_caf.balayer_imports``): it also
knows whether a run is alive, resumes it, and gives up after a number of attempts.
"""

import datetime
import logging
from dataclasses import dataclass

from celery import shared_task
from django.apps import apps
from django.conf import settings
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

TAILLE_LOT = 100


@dataclass(frozen=True)
class DocumentAttendu:
    modele: str  # "app_label.Model"
    manquant: Q  # the rows whose document is due and missing
    depuis: tuple  # the fields that make it due: it is due since the latest of them
    tache: str  # dotted path of the Celery task that makes it, called with the row's id


DOCUMENTS = (
    DocumentAttendu(
        "contrats.VersionContrat",
        # The document « à accepter », and the signed copy once accepted (attestation).
        manquant=Q(document="")
        | Q(document_empreinte="")
        | (Q(attestation__isnull=False) & (Q(document_signe="") | Q(document_signe_empreinte=""))),
        depuis=("created_at", "attestation_le"),
        tache="contrats.tasks.generer_document",
    ),
    DocumentAttendu(
        "entreprises.Immersion",
        manquant=Q(
            convention="",
            accord_personne_le__isnull=False,
            accord_entreprise_le__isnull=False,
            accord_referent_le__isnull=False,
        ),
        depuis=("accord_personne_le", "accord_entreprise_le", "accord_referent_le"),
        tache="entreprises.immersions.generer_convention",
    ),
    DocumentAttendu(
        "sanctions.CourrierProcedure",
        manquant=Q(document="") | Q(empreinte=""),
        depuis=("created_at",),
        tache="sanctions.tasks.generer_courrier",
    ),
    DocumentAttendu(
        "invitations.LotCourriers",
        # The day's letters not (or no longer) rendered since letters last joined: its task message was lost,
        # or the rendering failed (retried within the window).
        manquant=Q(statut__in=["en_cours", "echec"]),
        depuis=("modifie_le",),
        tache="francetravail.invitations.courriers.rendre_lot_courriers",
    ),
)


def en_souffrance(attendu, maintenant):
    """The ids of the rows of ``attendu`` whose document is due since longer than the delay, within the window."""
    modele = apps.get_model(attendu.modele)
    du = Greatest(*attendu.depuis) if len(attendu.depuis) > 1 else F(attendu.depuis[0])
    return (
        modele.objects.filter(attendu.manquant)
        .alias(du=du)
        .filter(
            du__lt=maintenant - datetime.timedelta(seconds=settings.DOCUMENTS_DELAI_RELANCE),
            du__gte=maintenant - datetime.timedelta(seconds=settings.DOCUMENTS_FENETRE_RELANCE),
        )
        .order_by("du", "pk")
        .values_list("pk", flat=True)[:TAILLE_LOT]
    )


@shared_task(name="francetravail.base.relances.relancer_documents", ignore_result=True)
def relancer_documents(maintenant=None):
    """Queues again the task of each document still missing after the delay. Returns, per model, how many."""
    maintenant = datetime.datetime.fromisoformat(maintenant) if isinstance(maintenant, str) else maintenant
    maintenant = maintenant or timezone.now()
    relances = {}
    for attendu in DOCUMENTS:
        tache = import_string(attendu.tache)
        ids = list(en_souffrance(attendu, maintenant))
        for pk in ids:
            tache.delay(pk)
        if ids:
            relances[attendu.modele] = len(ids)
            logger.warning("%s document(s) %s manquant(s) : tâche relancée", len(ids), attendu.modele)
    return relances
