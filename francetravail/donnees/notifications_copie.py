"""The kinds of notification of the copy of a person's file (registered through ``donnees/notifications.py``).
Templates: ``templates/notifications/donnees/``.

The copy of one's file: the person is told when it is ready (in their space, and by e-mail), whoever asked
for it — their référent may have asked on their request. The e-mail says where to download it, never
what it holds."""

from django.utils import timezone

from francetravail.notifications.actions import notifier
from francetravail.notifications.enums import Canal
from francetravail.notifications.registre import Public, declarer

COPIE_PRETE = declarer(
    "donnees.copie_prete",
    libelle="Copie de votre dossier prête",
    public=Public.PERSONNE,
    modele="donnees/copie_prete",
    canaux=(Canal.IN_APP, Canal.EMAIL),
    lien="donnees:mes_donnees",
)


def notifier_copie_prete(copie):
    """In the person's space, and by e-mail when their account has an address (inside the build's transaction:
    the outbox sends after the commit)."""
    user = copie.personne.user
    if user is None:
        return
    contexte = {
        "prenom": copie.personne.prenoms.split(" ")[0],
        "expire_le": timezone.localtime(copie.expire_le).strftime("%d/%m/%Y à %H:%M"),
    }
    canaux = [Canal.IN_APP] + ([Canal.EMAIL] if user.email else [])
    for canal in canaux:
        notifier(user, COPIE_PRETE, contexte=contexte, cle_idempotence=f"copie:{copie.pk}:prete:{canal}", canal=canal)
