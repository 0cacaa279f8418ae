"""Ending and restoring a person's RSA right as the platform holds it (``DroitRSA``).

The président du conseil départemental may end the RSA right of a person still not complying
after a total suppression of 4 months, and remove them from the list of RSA beneficiaries
(CASF R262-68; R262-40 3°; legal-rules.md §4.2 b). The decision itself, its reasons, its letter
and its appeal live in ``sanctions.fin_droit``, which calls these two actions: here only the
rights' rows change, with the log.

« Removed from the RSA list », in data: each right of the person still open (``fin_droit`` empty)
gets the end date and the reason; the rows of the other members of the household are left
alone (the decision concerns the person sanctioned; a partner's own situation is not decided
here — a point to validate with lawyers). The CAF/MSA flow never writes these two columns, so a
later import does not reopen an ended right (a new claim is for the CAF/MSA and the département).
"""

from django.db import transaction

from francetravail.audit.actions import enregistrer_evenement
from francetravail.audit.enums import TypeEvenement
from inscription.models import DroitRSA


@transaction.atomic
def clore_droits_rsa(personne, *, fin, motif, acting_user):
    """Ends the person's open RSA rights on ``fin`` for ``motif``; returns the ids of the rows ended."""
    droits = list(
        DroitRSA.objects.select_for_update(of=("self",), no_key=True)
        .filter(personne=personne, fin_droit__isnull=True)
        .order_by("pk")
    )
    for droit in droits:
        droit.fin_droit = fin
        droit.motif_fin = motif
        droit.save(update_fields=["fin_droit", "motif_fin", "updated_at"])
    ids = [d.pk for d in droits]
    enregistrer_evenement(
        TypeEvenement.DROIT_RSA_CLOS,
        acting_user=acting_user,
        personne=personne,
        motif=motif,
        droits=ids,
        fin=fin.isoformat(),
    )
    return ids


@transaction.atomic
def retablir_droits_rsa(personne, ids, *, motif, acting_user):
    """Clears the end of the rights ``ids`` (those an annulled decision ended); returns the ids restored."""
    droits = list(
        DroitRSA.objects.select_for_update(of=("self",), no_key=True)
        .filter(personne=personne, pk__in=ids, fin_droit__isnull=False)
        .order_by("pk")
    )
    for droit in droits:
        droit.fin_droit = None
        droit.motif_fin = ""
        droit.save(update_fields=["fin_droit", "motif_fin", "updated_at"])
    restaures = [d.pk for d in droits]
    enregistrer_evenement(
        TypeEvenement.DROIT_RSA_RETABLI, acting_user=acting_user, personne=personne, motif=motif, droits=restaures
    )
    return restaures
