"""What a professional and their organisation's administrators are told about their accesses.

None is a legal notice: they tell a professional that an access was opened, asked for,
confirmed or refused, and where to act on it.
"""

from francetravail.notifications.enums import Canal
from francetravail.notifications.registre import Public, declarer

INVITATION_PROFESSIONNEL = declarer(
    "reseau.invitation_professionnel",
    libelle="Accès ouvert à un nouveau professionnel (choix du mot de passe)",
    public=Public.PROFESSIONNEL,
    modele="reseau/invitation_professionnel",
    canaux=(Canal.EMAIL,),
    # allauth's password-reset-from-key page doubles as the invitation link.
    lien="account_reset_password_from_key",
)
NOUVEAU_RATTACHEMENT = declarer(
    "reseau.nouveau_rattachement",
    libelle="Nouveau rôle d'un professionnel dans une organisation",
    public=Public.PROFESSIONNEL,
    modele="reseau/nouveau_rattachement",
    canaux=(Canal.EMAIL,),
)
DEMANDE_RATTACHEMENT = declarer(
    "reseau.demande_rattachement",
    libelle="Rattachement d'un professionnel à confirmer par son organisation",
    public=Public.PROFESSIONNEL,
    modele="reseau/demande_rattachement",
    canaux=(Canal.EMAIL,),
    lien="backoffice:membres",
)
RATTACHEMENT_CONFIRME = declarer(
    "reseau.rattachement_confirme",
    libelle="Rattachement confirmé par l'organisation du professionnel",
    public=Public.PROFESSIONNEL,
    modele="reseau/rattachement_confirme",
    canaux=(Canal.EMAIL,),
    lien="backoffice:membres",
)
RATTACHEMENT_REFUSE = declarer(
    "reseau.rattachement_refuse",
    libelle="Rattachement refusé par l'organisation du professionnel",
    public=Public.PROFESSIONNEL,
    modele="reseau/rattachement_refuse",
    canaux=(Canal.EMAIL,),
    lien="backoffice:membres",
)
