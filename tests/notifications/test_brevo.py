"""Brevo's SMS backend through the outbox, against the fake Brevo served over real HTTP."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from francetravail.notifications.dispatch import ErreurDefinitive, envoyer, message_id
from francetravail.notifications.enums import Canal, Statut
from francetravail.notifications.fournisseurs.brevo import BrevoSmsBackend, numero_international
from francetravail.notifications.models import Notification
from tests.notifications.test_notifications import nouvelle, rendre_due


def sms(cle="sms-1", adresse="06 12 34 56 78", message="RDV lundi 9 h"):
    return nouvelle(cle, canal=Canal.SMS, adresse=adresse, message=message)


def test_succes_le_message_id_de_brevo_est_garde(brevo):
    notification = sms()
    assert envoyer(notification.pk) is True
    (message,) = brevo.messages
    assert message["recipient"] == "33612345678"
    assert message["sender"] == "FranceTrav"
    assert message["content"] == "Réseau France Travail : RDV lundi 9 h"
    assert message["type"] == "transactional"
    assert brevo.requetes[0]["entetes"]["api-key"] == brevo.cle
    notification.refresh_from_db()
    assert notification.statut == Statut.ENVOYEE
    assert notification.identifiant_fournisseur == str(message["messageId"])


def test_400_echec_definitif_sans_nouvel_essai(brevo):
    notification = sms()
    brevo.repondre(400)
    assert envoyer(notification.pk) is False
    notification.refresh_from_db()
    assert notification.statut == Statut.ECHEC
    assert notification.tentatives == 1
    assert "400" in notification.derniere_erreur
    assert notification.identifiant_fournisseur == ""
    assert brevo.messages == []


@pytest.mark.parametrize("statut", [500, 503, 429, 401])
def test_5xx_et_compte_a_verifier_reessayes_puis_envoye(brevo, statut):
    notification = sms()
    brevo.repondre(statut)
    assert envoyer(notification.pk) is False
    notification.refresh_from_db()
    assert notification.statut == Statut.EN_ATTENTE
    assert notification.tentatives == 1
    assert notification.prochaine_tentative > timezone.now()
    assert str(statut) in notification.derniere_erreur
    rendre_due(notification)
    assert envoyer(notification.pk) is True
    notification.refresh_from_db()
    assert notification.statut == Statut.ENVOYEE
    assert notification.identifiant_fournisseur == str(brevo.messages[0]["messageId"])


def test_delai_depasse_reessaye(brevo, settings):
    settings.BREVO_TIMEOUT = 0.3
    brevo.lenteur = 1
    notification = sms()
    assert envoyer(notification.pk) is False
    notification.refresh_from_db()
    assert notification.statut == Statut.EN_ATTENTE
    assert "Timeout" in notification.derniere_erreur


def test_numero_invalide_definitif_sans_requete(brevo):
    notification = sms(adresse="12")
    assert envoyer(notification.pk) is False
    notification.refresh_from_db()
    assert notification.statut == Statut.ECHEC
    assert brevo.requetes == []


@pytest.mark.parametrize(
    ("saisi", "attendu"),
    [("0612345678", "33612345678"), ("+33 6 12 34 56 78", "33612345678"), ("0033612345678", "33612345678"),
     ("06.12.34.56.78", "33612345678"), ("+262692123456", "262692123456")],
)  # fmt: skip
def test_numero_international(saisi, attendu):
    assert numero_international(saisi) == attendu


@pytest.mark.parametrize("saisi", ["", "061234567", "+1234567", "0612345678901234567", "06 12 AB 56 78"])
def test_numero_international_refuse(saisi):
    with pytest.raises(ErreurDefinitive):
        numero_international(saisi)


def test_configuration_incomplete_refusee(settings):
    settings.BREVO_API_URL = ""
    settings.BREVO_API_KEY = "x"
    with pytest.raises(ImproperlyConfigured):
        BrevoSmsBackend()
    settings.BREVO_API_URL = "http://127.0.0.1:1/v3"
    settings.BREVO_SMS_EXPEDITEUR = "Un expediteur trop long"
    with pytest.raises(ImproperlyConfigured):
        BrevoSmsBackend()


def test_courriel_garde_son_message_id(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    notification = nouvelle("courriel-1")
    assert envoyer(notification.pk) is True
    notification.refresh_from_db()
    assert notification.identifiant_fournisseur == message_id(notification)
    assert Notification.objects.filter(identifiant_fournisseur=message_id(notification)).count() == 1
