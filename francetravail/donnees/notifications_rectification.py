"""Notices of a rectification request: the référent is told a request waits (it is also counted in the
dashboard's « À faire »), the person that its deadline was extended, then that it was answered. No e-mail
carries the request, the reason for the extension nor the answer (an e-mail is neither private nor
deleted): only that there is something to read, and where. Templates: ``templates/notifications/donnees/``."""

from francetravail.base.calendrier import en_clair
from francetravail.notifications.actions import notifier
from francetravail.notifications.enums import Canal
from francetravail.notifications.registre import Public, declarer
from francetravail.reseau.enums import ROLES_ACCOMPAGNEMENT
from francetravail.reseau.models import Membership

RECTIFICATION_RECUE = declarer(
    "donnees.rectification_recue",
    libelle="Demande de rectification reçue",
    public=Public.PROFESSIONNEL,
    modele="donnees/rectification_recue",
    canaux=(Canal.EMAIL,),
    lien="backoffice:rectification",
)
RECTIFICATION_TRAITEE = declarer(
    "donnees.rectification_traitee",
    libelle="Réponse à votre demande de rectification",
    public=Public.PERSONNE,
    modele="donnees/rectification_traitee",
    canaux=(Canal.EMAIL, Canal.IN_APP),
    lien="donnees:rectification",
)

RECTIFICATION_PROLONGEE = declarer(
    "donnees.rectification_prolongee",
    libelle="Délai de réponse à votre demande de rectification prolongé",
    public=Public.PERSONNE,
    modele="donnees/rectification_prolongee",
    canaux=(Canal.EMAIL, Canal.IN_APP),
    lien="donnees:rectification",
)


def prevenir_le_referent(demande):
    """The person's référent unique, if they still accompany in the organisation in charge; the others
    of that organisation find the request in their queue."""
    personne = demande.personne
    referent = personne.referent_unique
    if referent is None or not referent.email or not referent.is_active:
        return
    accompagne_la = (
        Membership.objects.actives()
        .filter(user=referent, organisation_id=demande.organisation_id, role__in=ROLES_ACCOMPAGNEMENT)
        .exists()
    )
    if not accompagne_la:
        return
    notifier(
        referent,
        RECTIFICATION_RECUE,
        contexte={"echeance": en_clair(demande.echeance), "organisation": demande.organisation.nom},
        cle_idempotence=f"rectification:{demande.pk}:recue",
        lien={"pk": demande.pk},
    )


def prevenir_la_personne(demande):
    """The answer: in their space, and by e-mail where they have an address."""
    _prevenir(demande, RECTIFICATION_TRAITEE, "traitee")


def prevenir_de_la_prolongation(demande):
    """The new deadline (the reason is read in their space): in their space, and by e-mail."""
    _prevenir(demande, RECTIFICATION_PROLONGEE, "prolongee", echeance=en_clair(demande.echeance))


def _prevenir(demande, type_notification, etape, **contexte):
    personne = demande.personne
    if personne.user_id is None:
        return  # asked from the person's space: never without an account, unless it was removed since
    contexte |= {"prenom": personne.prenoms.split(" ")[0], "organisation": demande.organisation.nom}
    adresse = personne.email or personne.user.email
    canaux = [(Canal.EMAIL, adresse)] if adresse else []
    for canal, vers in [*canaux, (Canal.IN_APP, "")]:
        notifier(
            personne.user,
            type_notification,
            contexte=contexte,
            cle_idempotence=f"rectification:{demande.pk}:{etape}:{canal}",
            canal=canal,
            adresse=vers,
            lien={"pk": demande.pk},
        )
