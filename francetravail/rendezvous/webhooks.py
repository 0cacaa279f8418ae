"""What partners' software is told of an appointment (``partenaires.evenements``): the agenda's organisation and
the person's organisme référent, with ids, the status, the time and where to read it — never its motif or notes."""

from django.utils import timezone

from francetravail.partenaires.enums import EvenementWebhook
from francetravail.partenaires.evenements import emettre, lien
from francetravail.rendezvous.enums import StatutRendezVous

EVENEMENT_PAR_STATUT = {
    StatutRendezVous.RESERVE: EvenementWebhook.RENDEZVOUS_PRIS,
    StatutRendezVous.HONORE: EvenementWebhook.RENDEZVOUS_HONORE,
    # Excused or absent, the appointment did not take place: « manqué », its status says which.
    StatutRendezVous.EXCUSE: EvenementWebhook.RENDEZVOUS_MANQUE,
    StatutRendezVous.ABSENT: EvenementWebhook.RENDEZVOUS_MANQUE,
    StatutRendezVous.ANNULE: EvenementWebhook.RENDEZVOUS_ANNULE,
}


def emettre_rendezvous(rdv, **extra):
    """The event of ``rdv``'s current status (booked, held, missed, cancelled); inside the action's transaction."""
    evenement = EVENEMENT_PAR_STATUT.get(rdv.statut)
    if evenement is None:
        return []
    return emettre(
        evenement,
        organisation_ids=[rdv.creneau.agenda.organisation_id, rdv.personne.organisme_referent_id],
        donnees={
            "rendezvous": rdv.pk,
            "lien": lien("rendezvous", rdv.pk),
            "personne": rdv.personne_id,
            "personne_lien": lien("personnes", rdv.personne_id),
            "organisation": rdv.creneau.agenda.organisation_id,
            "statut": rdv.statut,
            "debut": rdv.creneau.debut,
            "date": timezone.now(),
            **extra,
        },
    )
