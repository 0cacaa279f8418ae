"""What an invited person is sent by e-mail and SMS (letters are the « courriers » module's PDF).

The text is the département's wording (``formulations.rendre``), rendered when the notification is written
and stored in its context as ``texte``; the templates print it, then the legal mentions, which no wording
can remove (``templates/notifications/invitations/_mentions*.txt``). The person usually has no account:
the notification goes to the address of the file (``destinataire`` None).

Legal notices (never subject to an opt-out): an invitation is how the service offers the first appointment
within its delay, and the appointment it leads to is one whose unexcused absence may be examined as a
failure (C. trav. L5412-1).
"""

from francetravail.notifications.enums import Canal
from francetravail.notifications.registre import Public, declarer

INVITATION = declarer(
    "invitations.invitation",
    libelle="Invitation à prendre rendez-vous",
    public=Public.PERSONNE,
    modele="invitations/invitation",
    canaux=(Canal.EMAIL, Canal.SMS),
    avis_legal=True,
    lien="invitations:lien",
)
RELANCE = declarer(
    "invitations.relance",
    libelle="Relance d'une invitation à prendre rendez-vous",
    public=Public.PERSONNE,
    modele="invitations/relance",
    canaux=(Canal.EMAIL, Canal.SMS),
    avis_legal=True,
    lien="invitations:lien",
)
