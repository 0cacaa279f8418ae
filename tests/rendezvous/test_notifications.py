"""Each e-mail about an appointment is a declared kind whose link leads to the person's appointments page."""

from datetime import timedelta

from django.conf import settings

from francetravail.notifications.dispatch import rendre_courriel, rendre_sms
from francetravail.notifications.enums import Canal
from francetravail.notifications.models import Notification
from francetravail.rendezvous import actions
from francetravail.rendezvous.tasks import planifier_rappels
from tests.rendezvous.factories import CreneauFactory, dans


def test_chaque_courriel_de_rendez_vous_est_un_type_declare_avec_son_lien(personne, agenda, conseiller):
    a, b, c = (CreneauFactory(agenda=agenda, debut=dans(j)) for j in (5, 6, 7))
    proposes = actions.proposer_creneaux(personne, [a, b], acting_user=conseiller)
    rdv = actions.reserver(personne, proposes[0].creneau, acting_user=personne.user)
    rdv = actions.deplacer(rdv, c, acting_user=conseiller, motif="Conseiller absent")
    planifier_rappels(maintenant=c.debut - timedelta(days=1))
    actions.annuler(rdv, acting_user=conseiller, motif="Agence fermée")

    lien = f"{settings.SITE_URL}/mon-espace/rendez-vous/"
    courriels = Notification.objects.filter(destinataire=personne.user, canal=Canal.EMAIL).order_by("pk")
    assert [n.type_notification for n in courriels] == [
        "rendezvous.propositions",
        "rendezvous.confirmation",
        "rendezvous.deplacement",
        "rendezvous.rappel",
        "rendezvous.annulation",
    ]
    for notification in courriels:
        assert notification.contexte["lien"] == "/mon-espace/rendez-vous/"
        assert lien in rendre_courriel(notification)[1], notification.type_notification
    sms = Notification.objects.get(destinataire=personne.user, canal=Canal.SMS)
    assert sms.type_notification == "rendezvous.rappel"
    assert rendre_sms(sms).endswith(f"Empêchement ? {lien}")
