"""A legal notice that bounced is flagged to its sender, who can send it by letter.

The core does not know who sent an orientation decision or a sanction letter: each domain app registers,
from its ``apps.py``, a function for its kinds of notification (``enregistrer``). Given the bounced
notification, it answers a :class:`Signalement` (who to tell, what the notice is, the page where the letter
is sent) or None. The core then writes one in-app notification per sender
(``notifications.rebond_avis_legal``), in the transaction that records the bounce.
"""

from dataclasses import dataclass, field

from francetravail.notifications.actions import notifier
from francetravail.notifications.enums import Canal
from francetravail.notifications.notifications import REBOND_AVIS_LEGAL
from francetravail.notifications.registre import type_notification

_CROCHETS = {}


@dataclass(frozen=True)
class Signalement:
    destinataires: list = field(default_factory=list)  # User rows (the professionals who sent the notice)
    avis: str = ""  # « La décision d'orientation », « L'avertissement préalable »
    personne: str = ""  # the person's name, for the professional
    chemin: str = ""  # the page with the « courrier » action


def enregistrer(cle_type, fonction):
    """``fonction(notification) -> Signalement | None`` for the notifications of kind ``cle_type``."""
    _CROCHETS[cle_type] = fonction


def signaler(notification):
    """Tells the senders of ``notification`` (a legal notice, just marked bounced or rejected); returns how many."""
    if not notification.type_notification:
        return 0
    try:
        sorte = type_notification(notification.type_notification)
    except KeyError:
        return 0
    fonction = _CROCHETS.get(notification.type_notification)
    if not sorte.avis_legal or fonction is None:
        return 0
    signalement = fonction(notification)
    if signalement is None:
        return 0
    contexte = {
        "avis": signalement.avis,
        "personne": signalement.personne,
        "canal": Canal(notification.canal).label.lower(),
        "detail": notification.get_remise_display().lower(),
        "lien": signalement.chemin,
    }
    for user in {u.pk: u for u in signalement.destinataires}.values():
        notifier(
            user,
            REBOND_AVIS_LEGAL,
            contexte=contexte,
            cle_idempotence=f"rebond:{notification.pk}:{user.pk}",
            canal=Canal.IN_APP,
            adresse="",
        )
    return len(signalement.destinataires)
