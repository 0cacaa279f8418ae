"""What the platform tells partners' software: an event, delivered to each subscription that wants it.

Actions call :func:`emettre` inside their transaction: the deliveries are rows of the webhooks'
outbox (``LivraisonWebhook``), written with the business change and sent after the commit by
the worker (``francetravail/partenaires/livraison.py``), retried with backoff by beat.
The payload names the object and where to read it through the API, never the content of a file.
"""

import json
from functools import partial

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from francetravail.partenaires.enums import EvenementWebhook
from francetravail.partenaires.models import AbonnementWebhook, LivraisonWebhook
from francetravail.partenaires.tasks import planifier_livraisons
from francetravail.reseau.enums import TypeOrganisation
from francetravail.reseau.models import Organisation


def emettre(evenement, *, organisation_ids, donnees):
    """Queues ``evenement`` for the active subscriptions of ``organisation_ids`` that want it.

    ``donnees`` is JSON: ids, dates, statuses and API paths (``{"personne": 12, "rendezvous": 40,
    "lien": "/api/v1/rendezvous/40/"}``). Returns the deliveries created.
    """
    if evenement not in EvenementWebhook.values:
        raise ValueError(f"Événement de webhook inconnu : {evenement!r}")
    abonnements = AbonnementWebhook.objects.filter(
        organisation_id__in=[oid for oid in organisation_ids if oid], actif=True, evenements__contains=[evenement]
    ).values_list("pk", flat=True)
    # Dates and UUIDs as the API writes them (ISO 8601, strings): the row holds exactly what will be sent.
    charge = json.loads(json.dumps(donnees, cls=DjangoJSONEncoder))
    livraisons = LivraisonWebhook.objects.bulk_create(
        LivraisonWebhook(abonnement_id=pk, evenement=evenement, charge=charge) for pk in abonnements
    )
    if livraisons:
        # After the commit only (a rolled-back action sends nothing); robust: a failure to queue never fails the
        # action that already committed, the sweep (beat, every minute) sends what was not queued.
        transaction.on_commit(partial(planifier_livraisons, [livraison.pk for livraison in livraisons]), robust=True)
    return livraisons


def organisations_du_departement(departement_id):
    """The département's conseil départemental: told of what concerns the people living there (an orientation
    decision), whatever organisation follows them. Its delegates are told as the organisation oriented to."""
    if not departement_id:
        return []
    return list(
        Organisation.objects.filter(
            departement_id=departement_id,
            actif=True,
            type_organisation=TypeOrganisation.CONSEIL_DEPARTEMENTAL,
        ).values_list("pk", flat=True)
    )


def lien(ressource, pk):
    """Where a partner reads the object through the API (``/api/v1/rendezvous/40/``)."""
    return f"/api/v1/{ressource}/{pk}/"
