"""What the booking link shows once the identity check passed: the slots the invitation offers."""

from itertools import groupby

from django.utils import timezone

from francetravail.rendezvous.queries import creneaux_disponibles


def jusqu_au(invitation):
    """The last day (included) of the slots the invitation offers: its ``limite_rdv`` (the first
    appointment's 15-day limit when it applies, else the expiry, as the invitation was written), or the
    day the link expires when the invitation names none."""
    return invitation.limite_rdv or timezone.localdate(invitation.expire_le)


def creneaux_offerts(invitation):
    """The free future slots of the invitation's motif in its organisation's agendas, up to ``jusqu_au``."""
    return creneaux_disponibles([invitation.organisation_id], motif=invitation.motif).filter(
        debut__date__lte=jusqu_au(invitation)
    )


def par_jour(creneaux):
    """``[(jour, [slots])]`` in the local calendar (Europe/Paris), days in order."""
    return [(jour, list(du_jour)) for jour, du_jour in groupby(creneaux, key=lambda c: timezone.localdate(c.debut))]
