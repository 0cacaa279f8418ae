"""The kinds of notification of the people around a file (``Implication``).

The invited side is told in its space that an invitation waits for its answer: the professional named,
or, when the whole organisation is invited, everyone who works files there. The person is told in their
space when someone joins their group (an invitation accepted). None is a legal notice, none is an
e-mail: they say there is something to read, and where. Templates: ``templates/notifications/personnes/``.
"""

from francetravail.notifications.actions import notifier
from francetravail.notifications.enums import Canal
from francetravail.notifications.registre import Public, declarer
from francetravail.personnes.acces import ROLES_ENTOURAGE
from francetravail.reseau.models import Membership

INVITATION_RECUE = declarer(
    "personnes.invitation_recue",
    libelle="Invitation dans le dossier d'une personne",
    public=Public.PROFESSIONNEL,
    modele="personnes/invitation_recue",
    canaux=(Canal.IN_APP,),
    lien="backoffice:invitation",
)
ENTOURAGE_REJOINT = declarer(
    "personnes.entourage_rejoint",
    libelle="Un professionnel rejoint les personnes qui vous accompagnent",
    public=Public.PERSONNE,
    modele="personnes/entourage_rejoint",
    canaux=(Canal.IN_APP,),
    lien="personnes:acces",
)


def destinataires_invitation(implication):
    """The professionals told of an invitation: the one named, or those who work files in the
    invited organisation (one query)."""
    if implication.professionnel_id is not None:
        return [implication.professionnel]
    return [
        m.user
        for m in Membership.objects.actives()
        .sans_comptes_techniques()
        .filter(organisation_id=implication.organisation_id, role__in=ROLES_ENTOURAGE, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
        .distinct("user_id")
    ]


def notifier_invitation(implication):
    for professionnel in destinataires_invitation(implication):
        notifier(
            professionnel,
            INVITATION_RECUE,
            contexte={"organisation": implication.organisation.nom, "role": implication.get_role_display()},
            cle_idempotence=f"implication:{implication.pk}:invitation:{professionnel.pk}",
            lien={"pk": implication.pk},
        )


def notifier_personne_rejointe(implication):
    """The person is told who joined their group (when they have an account to be told in)."""
    user = implication.personne.user
    if user is None:
        return
    notifier(
        user,
        ENTOURAGE_REJOINT,
        contexte={"organisation": implication.organisation.nom, "role": implication.get_role_display()},
        cle_idempotence=f"implication:{implication.pk}:rejoint",
    )
