"""The kinds of notification of the outbox itself (``francetravail.notifications.registre``)."""

from francetravail.notifications.enums import Canal
from francetravail.notifications.registre import Public, declarer

# A legal notice (a decision, a prior notice) whose e-mail or SMS bounced: its sender is told in their space,
# with a link to the page where the letter can be sent (``francetravail.notifications.rebonds``). The link
# depends on the notice (a decision, a procedure): its domain app gives the path, put in the context.
REBOND_AVIS_LEGAL = declarer(
    "notifications.rebond_avis_legal",
    libelle="Avis légal non remis (à envoyer par courrier)",
    public=Public.PROFESSIONNEL,
    modele="notifications/rebond_avis_legal",
    canaux=(Canal.IN_APP,),
)
