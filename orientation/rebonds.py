"""An orientation decision whose e-mail bounced (``francetravail.notifications.rebonds``): its decider is
told, in their space, with the person's orientation page, where the decision letter is printed."""

from django.urls import reverse

from francetravail.notifications import rebonds
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.notifications.remise import NON_REMIS
from orientation.models import DecisionOrientation
from orientation.notifications import DECISION

PREFIXE = "orientation:"


def decision_de(notification):
    """The decision a notification of ``orientation.decision`` announces (its key names it), or None."""
    cle = notification.cle_idempotence
    if not cle.startswith(PREFIXE):
        return None
    pk = cle.removeprefix(PREFIXE).split(":", 1)[0]
    if not pk.isdigit():
        return None
    return DecisionOrientation.objects.select_related("personne", "decideur").filter(pk=int(pk)).first()


def signalement(notification):
    decision = decision_de(notification)
    if decision is None or decision.decideur is None:
        return None
    return rebonds.Signalement(
        destinataires=[decision.decideur],
        avis="La décision d'orientation",
        personne=decision.personne.nom_complet,
        chemin=reverse("backoffice:orientation_personne", kwargs={"pk": decision.personne_id}),
    )


def connecter():
    rebonds.enregistrer(DECISION.cle, signalement)


def non_remises(decisions):
    """Among ``decisions``, those whose e-mail bounced or was refused: ``[(decision, notification)]``."""
    par_cle = {f"{PREFIXE}{d.pk}:decision:{Canal.EMAIL}": d for d in decisions}
    if not par_cle:
        return []
    notifications = Notification.objects.filter(cle_idempotence__in=par_cle, remise__in=NON_REMIS).order_by("-pk")
    return [(par_cle[n.cle_idempotence], n) for n in notifications]
