"""The kinds of notification of the registration app (``francetravail.notifications.registre``).

The account's e-mails (sign-up, password) belong to ``francetravail.comptes``. The person is told when
their référent ends their accompaniment and when it is reopened (an e-mail where they have an address,
always in their space), never after a death. Templates: ``templates/notifications/inscription/``.
"""

from francetravail.notifications.actions import notifier
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
