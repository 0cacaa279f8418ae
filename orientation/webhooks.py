"""What partners' software is told of an orientation decision (``partenaires.evenements``): the organisation the
person is oriented to and the département, with ids, the parcours, the dates and where to read them."""

from francetravail.partenaires.enums import EvenementWebhook
from francetravail.partenaires.evenements import emettre, lien, organisations_du_departement


def emettre_orientation(decision):
    """``personne.orientee``, once the decision is notified; inside the action's transaction."""
    personne = decision.personne
    return emettre(
        EvenementWebhook.PERSONNE_ORIENTEE,
        organisation_ids=[decision.organisme_id, *organisations_du_departement(personne.departement_id)],
        donnees={
            "personne": personne.pk,
            "lien": lien("personnes", personne.pk),
            "decision": decision.pk,
            "decision_lien": lien("orientations", decision.pk),
            "organisation": decision.organisme_id,
            "departement": personne.departement_id,
            "parcours": decision.parcours,
            "statut": decision.statut,
            "decidee_le": decision.decidee_le,
            "notifiee_le": decision.notifiee_le,
        },
    )
