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

# A move to another département (``actions.demenager``): the person is told where their file went and who
# takes it over; the organisation that receives it (its team managers, else its référents; for a bRSA the
# new département's deciders) finds it in its queue. Neither is a legal notice: the new orientation, if
# any, is notified as every decision is (DECISION).
TRANSFERT_PERSONNE = declarer(
    "orientation.transfert_personne",
    libelle="Dossier transféré après un déménagement",
    public=Public.PERSONNE,
    modele="orientation/transfert_personne",
    canaux=(Canal.EMAIL, Canal.IN_APP),
    lien="personnes:espace",
)
TRANSFERT_ORGANISATION = declarer(
    "orientation.transfert_organisation",
    libelle="Dossier reçu d'un autre département (déménagement)",
    public=Public.PROFESSIONNEL,
    modele="orientation/transfert_organisation",
    canaux=(Canal.IN_APP,),
    lien="backoffice:fiche_personne",
)
