"""An SMS through the outbox and a real Celery worker to the fake Brevo (real HTTP), then Brevo's delivery
callback posted over HTTP to our webhook served on a local port: the notification ends « remise »."""

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import transaction
from django.test.testcases import LiveServerThread
from django.urls import reverse

from francetravail.notifications.actions import notifier
from francetravail.notifications.enums import Canal, Statut, StatutRemise
from francetravail.notifications.models import EvenementRemise, Notification
from tests.fournisseur_sms import FournisseurSms
from tests.notifications.test_e2e import TACHE_ENVOI, attendre
from tests.notifications.types import ESSAI

pytestmark = [pytest.mark.e2e, pytest.mark.no_django_db]


@pytest.fixture
def site(base_validee):
    thread = LiveServerThread("127.0.0.1", StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()


def test_sms_par_le_worker_puis_rappel_de_remise(base_validee, celery_worker_reel, brevo, jeton_remise, site):
    try:
        with transaction.atomic():
            notification = notifier(
                None, ESSAI, contexte={"message": "RDV lundi"}, cle_idempotence="e2e-brevo-1", canal=Canal.SMS,
                adresse="06 12 34 56 78",
            )  # fmt: skip
        celery_worker_reel.attendre(TACHE_ENVOI, 1, timeout=20)
        notification.refresh_from_db()
        assert notification.statut == Statut.ENVOYEE
        (message,) = brevo.messages
        assert message["recipient"] == "33612345678"
        assert notification.identifiant_fournisseur == str(message["messageId"])

        url = site + reverse("webhooks:remise_sms")
        faux = brevo.rappeler(url, FournisseurSms.evenement_sms(message["messageId"], "delivered"), jeton="faux")
        assert faux[0] == 401
        statut, _corps = brevo.rappeler(
            url, FournisseurSms.evenement_sms(message["messageId"], "delivered"), jeton=jeton_remise
        )
        assert statut == 200
        attendre(lambda: Notification.objects.get(pk=notification.pk).remise == StatutRemise.REMISE)
    finally:
        EvenementRemise.objects.filter(fournisseur="brevo").delete()
