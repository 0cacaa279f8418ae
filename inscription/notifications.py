"""The kinds of notification of the registration app (``francetravail.notifications.registre``).

The account's e-mails (sign-up, password) belong to ``francetravail.comptes``. The person is told when
their référent ends their accompaniment and when it is reopened (an e-mail where they have an address,
always in their space), never after a death. The référent and the professionals accompanying a person are
told in their space when the CAF/MSA flow closes or reopens the person's RSA right (``vie_du_droit``), one
notice per person. Templates: ``templates/notifications/inscription/``.
"""

from francetravail.notifications.actions import notifier, notifier_en_masse
from francetravail.notifications.enums import Canal
from francetravail.notifications.registre import Public, declarer

ACCOMPAGNEMENT_TERMINE = declarer(
    "inscription.accompagnement_termine",
    libelle="Fin de l'accompagnement",
    public=Public.PERSONNE,
    modele="inscription/accompagnement_termine",
    canaux=(Canal.EMAIL, Canal.IN_APP),
    lien="personnes:espace",
)
ACCOMPAGNEMENT_ROUVERT = declarer(
    "inscription.accompagnement_rouvert",
    libelle="Reprise de l'accompagnement",
    public=Public.PERSONNE,
    modele="inscription/accompagnement_rouvert",
    canaux=(Canal.EMAIL, Canal.IN_APP),
    lien="personnes:espace",
)

DROIT_RSA_CLOS = declarer(
    "inscription.droit_rsa_clos_flux",
    libelle="Droit au RSA clos selon le flux CAF/MSA",
    public=Public.PROFESSIONNEL,
    modele="inscription/droit_rsa_clos",
    canaux=(Canal.IN_APP,),
    lien="backoffice:fiche_personne",
)
DROIT_RSA_ROUVERT = declarer(
    "inscription.droit_rsa_rouvert_flux",
    libelle="Droit au RSA rouvert selon le flux CAF/MSA",
    public=Public.PROFESSIONNEL,
    modele="inscription/droit_rsa_rouvert",
    canaux=(Canal.IN_APP,),
    lien="backoffice:fiche_personne",
)


def notifier_professionnels(type_notification, envois):
    """One in-app notice per (professional, person) of a flow's change, written in one statement.

    ``envois``: (user id, person id, context, key). The notice names the person and the reason; the
    e-mail channel is not used: a monthly stock may close thousands of rights, the professional's
    notification centre lists them where a mailbox would drown."""
    return notifier_en_masse(
        type_notification,
        [(user_id, contexte, cle, {"pk": personne_id}) for user_id, personne_id, contexte, cle in envois],
    )


def notifier_personne(dossier, type_notification, *, cle, **contexte):
    """An e-mail to the person (where they have an address) and an in-app notice (where they have an account).

    The e-mail says there is something to read, and where; the reason stays in the space."""
    personne = dossier.personne
    if not personne.user_id:
        return
    contexte = {"prenom": personne.prenoms.split(" ")[0], **contexte}
    adresse = personne.email or personne.user.email
    for canal in (Canal.EMAIL, Canal.IN_APP):
        if canal == Canal.EMAIL and not adresse:
            continue
        notifier(
            personne.user,
            type_notification,
            contexte=contexte,
            cle_idempotence=f"inscription:{dossier.pk}:{cle}:{canal}",
            canal=canal,
            adresse=adresse if canal == Canal.EMAIL else "",
        )
