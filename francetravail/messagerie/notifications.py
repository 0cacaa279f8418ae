"""Emails about new messages, through the outbox. They never contain the message itself
(an email is neither private nor deleted): only that a message is waiting and where."""

from francetravail.comptes.models import User
from francetravail.notifications.actions import notifier
from francetravail.notifications.enums import Canal
from francetravail.notifications.registre import Public, declarer
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT
from francetravail.reseau.models import Membership

MESSAGE_A_LA_PERSONNE = declarer(
    "messagerie.message_a_la_personne",
    libelle="Nouveau message de l'organisme référent",
    public=Public.PERSONNE,
    modele="messagerie/message_a_la_personne",
    canaux=(Canal.EMAIL,),
    lien="messagerie:fil",
)
MESSAGE_AU_PROFESSIONNEL = declarer(
    "messagerie.message_au_professionnel",
    libelle="Nouveau message d'une personne accompagnée",
    public=Public.PROFESSIONNEL,
    modele="messagerie/message_au_professionnel",
    canaux=(Canal.EMAIL,),
    lien="backoffice:messages_personne",
)

# When the person has no référent unique, their message goes to the organisation's
# accompaniment professionals: a bounded few, not a whole agency's staff.
MAX_DESTINATAIRES = 5


def prevenir_la_personne(message, personne):
    adresse = personne.email or personne.user.email
    if not adresse:
        return
    notifier(
        personne.user,
        MESSAGE_A_LA_PERSONNE,
        contexte={"prenom": personne.prenoms.split(" ")[0], "organisation": personne.organisme_referent.nom},
        cle_idempotence=f"message:{message.pk}:personne",
        adresse=adresse,
    )


def destinataires_professionnels(personne):
    """The référent unique if they still work the file in the organisme référent, else a few colleagues."""
    membres = (
        Membership.objects.actives()
        .sans_comptes_techniques()
        .filter(organisation_id=personne.organisme_referent_id, role__in=ROLES_ACCOMPAGNEMENT)
    )
    if personne.referent_unique_id and membres.filter(user_id=personne.referent_unique_id).exists():
        return [personne.referent_unique]
    ids = list(membres.order_by("user_id").values_list("user_id", flat=True).distinct()[:MAX_DESTINATAIRES])
    return list(User.objects.filter(pk__in=ids).order_by("pk"))


def prevenir_les_professionnels(message, personne):
    for user in destinataires_professionnels(personne):
        if not user.email:
            continue
        notifier(
            user,
            MESSAGE_AU_PROFESSIONNEL,
            contexte={"organisation": personne.organisme_referent.nom},
            cle_idempotence=f"message:{message.pk}:professionnel:{user.pk}",
            lien={"pk": personne.pk},
        )
