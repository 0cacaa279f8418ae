"""Delivery callbacks (/webhooks/remise/…): verified before anything is written, recorded once, never back."""

import json
import time

import pytest
from django.urls import reverse

from francetravail.notifications.enums import Canal, Statut, StatutRemise
from francetravail.notifications.models import EvenementRemise, Notification
from tests.fournisseur_sms import FournisseurSms
from tests.notifications.conftest import JETON_REMISE
from tests.notifications.test_notifications import nouvelle

URL_SMS = "webhooks:remise_sms"
URL_COURRIEL = "webhooks:remise_courriel"


def envoyee(cle="n-1", *, canal=Canal.SMS, identifiant="1511882900176220"):
    return nouvelle(cle, canal=canal, statut=Statut.ENVOYEE, identifiant_fournisseur=identifiant)


def poster(client, nom, evenement, *, jeton=JETON_REMISE, secret=None, horodatage=None, entetes=None):
    corps = json.dumps(evenement).encode()
    tous = FournisseurSms.entetes(corps, jeton=jeton, secret=secret, horodatage=horodatage)
    tous.update(entetes or {})
    tous.pop("Content-Type")
    return client.post(reverse(nom), corps, content_type="application/json", headers=tous)


def etat(notification):
    notification.refresh_from_db()
    return notification.remise, notification.remise_le, notification.remise_detail


def test_sms_remis(client, jeton_remise):
    notification = envoyee()
    reponse = poster(client, URL_SMS, FournisseurSms.evenement_sms(1511882900176220, "delivered", ts=1_800_000_000))
    assert reponse.status_code == 200
    assert reponse.json() == {"recus": 1, "enregistres": 1}
    remise, remise_le, _detail = etat(notification)
    assert remise == StatutRemise.REMISE
    assert remise_le.timestamp() == 1_800_000_000
    evenement = EvenementRemise.objects.get()
    assert evenement.notification == notification
    assert evenement.fournisseur == "brevo"
    assert evenement.evenement == "delivered"


def test_courriel_rebond_par_son_message_id(client, jeton_remise):
    notification = envoyee(canal=Canal.EMAIL, identifiant="<notification-1-abc@francetravail.localhost>")
    evenement = FournisseurSms.evenement_courriel(
        "<notification-1-abc@francetravail.localhost>", "hard_bounce", raison="550 5.1.1 user unknown"
    )
    assert poster(client, URL_COURRIEL, evenement).status_code == 200
    remise, _le, detail = etat(notification)
    assert remise == StatutRemise.REBOND
    assert detail == "550 5.1.1 user unknown"


@pytest.mark.parametrize(
    "entetes",
    [{"Authorization": ""}, {"Authorization": "Bearer faux"}, {"Authorization": f"Basic {JETON_REMISE}"},
     {"Authorization": f"Bearer {JETON_REMISE}x"}],
)  # fmt: skip
def test_jeton_absent_ou_faux_401_rien_ecrit(client, jeton_remise, entetes):
    notification = envoyee()
    reponse = poster(client, URL_SMS, FournisseurSms.evenement_sms(1511882900176220, "delivered"), entetes=entetes)
    assert reponse.status_code == 401
    assert etat(notification)[0] == StatutRemise.INCONNUE
    assert not EvenementRemise.objects.exists()


def test_aucun_jeton_configure_tout_refuse(client, settings):
    settings.REMISE_WEBHOOK_JETON = ""
    notification = envoyee()
    reponse = poster(client, URL_SMS, FournisseurSms.evenement_sms(1511882900176220, "delivered"), jeton="")
    assert reponse.status_code == 401
    assert etat(notification)[0] == StatutRemise.INCONNUE
    assert not EvenementRemise.objects.exists()


def test_get_refuse(client, jeton_remise):
    assert client.get(reverse(URL_SMS)).status_code == 405


def test_rejoue_ne_change_rien(client, jeton_remise):
    notification = envoyee()
    evenement = FournisseurSms.evenement_sms(1511882900176220, "delivered", ts=1_800_000_000)
    assert poster(client, URL_SMS, evenement).json()["enregistres"] == 1
    avant = etat(notification)
    reponse = poster(client, URL_SMS, evenement)
    assert reponse.status_code == 200
    assert reponse.json()["enregistres"] == 0
    assert EvenementRemise.objects.count() == 1
    assert etat(notification) == avant


def test_jamais_en_arriere_depuis_un_etat_final(client, jeton_remise):
    notification = envoyee()
    assert (
        poster(client, URL_SMS, FournisseurSms.evenement_sms(1511882900176220, "softBounce", ts=100)).status_code
        == 200
    )
    assert etat(notification)[0] == StatutRemise.DIFFEREE
    poster(client, URL_SMS, FournisseurSms.evenement_sms(1511882900176220, "delivered", ts=200))
    assert etat(notification)[0] == StatutRemise.REMISE
    final = etat(notification)
    for tard in ("softBounce", "hardBounce", "rejected"):
        assert poster(client, URL_SMS, FournisseurSms.evenement_sms(1511882900176220, tard, ts=300)).status_code == 200
    assert etat(notification) == final
    assert EvenementRemise.objects.count() == 5  # every event is kept, none applied after the final one


def test_message_inconnu_garde_sans_notification(client, jeton_remise):
    notification = envoyee()
    reponse = poster(client, URL_SMS, FournisseurSms.evenement_sms(42, "hardBounce"))
    assert reponse.status_code == 200
    assert EvenementRemise.objects.get().notification is None
    assert etat(notification)[0] == StatutRemise.INCONNUE


def test_un_sms_n_est_pas_trouve_par_le_webhook_des_courriels(client, jeton_remise):
    notification = envoyee()
    poster(client, URL_COURRIEL, FournisseurSms.evenement_courriel("1511882900176220", "hard_bounce"))
    assert etat(notification)[0] == StatutRemise.INCONNUE


def test_evenement_hors_remise_ignore(client, jeton_remise):
    envoyee()
    reponse = poster(client, URL_SMS, FournisseurSms.evenement_sms(1511882900176220, "sent"))
    assert reponse.json() == {"recus": 1, "enregistres": 0}
    assert not EvenementRemise.objects.exists()


def test_corps_illisible_400(client, jeton_remise):
    corps = b"pas du json"
    reponse = client.post(
        reverse(URL_SMS), corps, content_type="application/json", headers={"Authorization": f"Bearer {JETON_REMISE}"}
    )
    assert reponse.status_code == 400
    assert not EvenementRemise.objects.exists()


# -- the optional HMAC signature with a timestamp ---------------------------------------------------------------


@pytest.fixture
def secret(settings, jeton_remise):
    settings.REMISE_WEBHOOK_SECRET_HMAC = "secret-hmac-de-test"
    settings.REMISE_WEBHOOK_TOLERANCE = 300
    return settings.REMISE_WEBHOOK_SECRET_HMAC


def test_signe_et_frais_accepte(client, secret):
    notification = envoyee()
    assert (
        poster(client, URL_SMS, FournisseurSms.evenement_sms(1511882900176220, "delivered"), secret=secret).status_code
        == 200
    )
    assert etat(notification)[0] == StatutRemise.REMISE


@pytest.mark.parametrize(("ecart", "accepte"), [(299, True), (301, False), (-299, True), (-301, False)])
def test_horodatage_aux_bornes_de_la_tolerance(client, secret, ecart, accepte):
    notification = envoyee()
    reponse = poster(
        client, URL_SMS, FournisseurSms.evenement_sms(1511882900176220, "delivered"), secret=secret,
        horodatage=time.time() - ecart,
    )  # fmt: skip
    assert reponse.status_code == (200 if accepte else 403)
    assert etat(notification)[0] == (StatutRemise.REMISE if accepte else StatutRemise.INCONNUE)
    assert EvenementRemise.objects.exists() is accepte


def test_signature_forgee_ou_absente_403(client, secret):
    notification = envoyee()
    evenement = FournisseurSms.evenement_sms(1511882900176220, "delivered")
    assert poster(client, URL_SMS, evenement, secret="un-autre-secret").status_code == 403
    assert poster(client, URL_SMS, evenement).status_code == 403  # the token alone is not enough any more
    # A body changed after signing: the signature no longer matches.
    corps = json.dumps(evenement).encode()
    entetes = FournisseurSms.entetes(corps, jeton=JETON_REMISE, secret=secret)
    entetes.pop("Content-Type")
    falsifie = json.dumps({**evenement, "msg_status": "hardBounce"}).encode()
    assert client.post(reverse(URL_SMS), falsifie, content_type="application/json", headers=entetes).status_code == 403
    assert etat(notification)[0] == StatutRemise.INCONNUE
    assert not EvenementRemise.objects.exists()
    assert Notification.objects.get(pk=notification.pk).statut == Statut.ENVOYEE


# -- shown where it matters: the person's e-mails and SMS, for the professionals who read the file -------------


def test_page_des_avis_de_la_personne_montre_la_remise(client, jeton_remise):
    from francetravail.reseau.enums import Role
    from tests.factories import OrganisationFactory, PersonneFactory, professionnel

    personne = PersonneFactory(email="lea@exemple.fr", telephone="0612345678")
    conseiller = professionnel(personne.organisme_referent, Role.CONSEILLER)
    sms = nouvelle("a", canal=Canal.SMS, adresse="0612345678", statut=Statut.ENVOYEE, identifiant_fournisseur="77")
    nouvelle("b", adresse="lea@exemple.fr", statut=Statut.ENVOYEE, identifiant_fournisseur="<m@x>")
    nouvelle("c", adresse="quelqu.un.d.autre@exemple.fr")
    poster(client, URL_SMS, FournisseurSms.evenement_sms(77, "hardBounce", description="numéro inexistant"))
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:avis_personne", kwargs={"pk": personne.pk})).content.decode()
    assert "Non remise : adresse ou numéro invalide" in page and "numéro inexistant" in page
    assert "Envoyé, pas encore de retour" in page
    assert "quelqu.un.d.autre" not in page
    assert sms.pk
    autre = professionnel(OrganisationFactory(), Role.CONSEILLER)
    client.force_login(autre)
    assert client.get(reverse("backoffice:avis_personne", kwargs={"pk": personne.pk})).status_code == 404
