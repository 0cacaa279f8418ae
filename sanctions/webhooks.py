"""What partners' software is told of a sanction procedure (``partenaires.evenements``): the organisation running it
and the one deciding, with ids, the step reached, the date and where to read it — never its grounds or letters."""

from django.utils import timezone

from francetravail.partenaires.enums import EvenementWebhook
from francetravail.partenaires.evenements import emettre, lien


def emettre_etape(procedure):
    """``procedure.etape`` with the procedure's new status; inside the action's transaction."""
    return emettre(
        EvenementWebhook.PROCEDURE_ETAPE,
        organisation_ids=[procedure.organisation_id, procedure.organisation_decisionnaire_id],
        donnees={
            "procedure": procedure.pk,
            "lien": lien("procedures", procedure.pk),
            "personne": procedure.personne_id,
            "personne_lien": lien("personnes", procedure.personne_id),
            "organisation": procedure.organisation_id,
            "organisation_decisionnaire": procedure.organisation_decisionnaire_id,
            "statut": procedure.statut,
            "date": timezone.now(),
        },
    )
