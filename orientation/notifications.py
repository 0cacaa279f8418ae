"""The kinds of notification of the orientation app (``francetravail.notifications.registre``)."""

from francetravail.notifications.enums import Canal
from francetravail.notifications.registre import Public, declarer

# R5411-8-1: the orientation decision is notified « par tout moyen donnant date certaine »; a legal
# notice, never subject to an opt-out. By e-mail, and in the person's space when they have an account.
DECISION = declarer(
    "orientation.decision",
    libelle="Décision d'orientation",
    public=Public.PERSONNE,
    modele="orientation/decision",
    canaux=(Canal.EMAIL, Canal.IN_APP),
    avis_legal=True,
    lien="orientation:pourquoi",
)
