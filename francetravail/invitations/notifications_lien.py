"""The kinds of notification of the booking link (the « lien » side of invitations), declared apart from
the invitations' own (``notifications.py``) and imported at start-up by ``InvitationsConfig.ready``.

A person booking through the link may have no account: these go with ``notifier(None, …, adresse=…)`` to
the e-mail and the phone of the file. The confirmation fixes the day and place of an appointment whose
unexcused absence may be examined as a failure to attend: a legal notice, as ``rendezvous.confirmation``.
Its link is the invitation's own link, which shows the booking again after the identity check.
"""

from francetravail.notifications.enums import Canal
from francetravail.notifications.registre import Public, declarer

LIEN_CONFIRMATION = declarer(
    "invitations.lien_confirmation",
    libelle="Rendez-vous pris depuis le lien d'invitation",
    public=Public.PERSONNE,
    modele="invitations/lien_confirmation",
    canaux=(Canal.EMAIL, Canal.SMS),
    avis_legal=True,
    lien="invitations:lien",
)
