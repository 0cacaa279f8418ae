"""A legal notice whose e-mail bounced is flagged to its sender, who can send it by letter."""

import datetime

import pytest
from django.urls import reverse

from francetravail.notifications.dispatch import envoyer
from francetravail.notifications.enums import Canal, StatutRemise
from francetravail.notifications.models import Notification
from francetravail.notifications.notifications import REBOND_AVIS_LEGAL
from francetravail.reseau.enums import Role
from orientation import actions as orientation
from sanctions.models import CourrierProcedure
from tests.factories import OrganisationFactory, PersonneFactory, commune, professionnel
from tests.fournisseur_sms import FournisseurSms
from tests.inscription.factories import dossier_complet
from tests.notifications.test_notifications import nouvelle
from tests.notifications.test_remise import URL_COURRIEL, poster
from tests.sanctions.factories import Situation


@pytest.fixture
def courriels(settings, jeton_remise):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def envoyer_et_rebondir(client, notification, evenement="hard_bounce"):
    assert envoyer(notification.pk) is True
    notification.refresh_from_db()
    reponse = poster(
        client, URL_COURRIEL, FournisseurSms.evenement_courriel(notification.identifiant_fournisseur, evenement, raison="550 user unknown")
    )  # fmt: skip
    assert reponse.status_code == 200
    notification.refresh_from_db()
    return notification


def alertes(user):
    return Notification.objects.filter(destinataire=user, type_notification=REBOND_AVIS_LEGAL.cle)


def decision_notifiee():
    agence = OrganisationFactory(departement_id="59")
    conseiller = professionnel(agence, Role.CONSEILLER)
    personne = PersonneFactory(
        organisme_referent=None, commune=commune("59350"), date_naissance=datetime.date(1985, 1, 1),
        email="boite.pleine@exemple.fr",
    )  # fmt: skip
    dossier_complet(personne, freins=["sans_impact"])
    decision = orientation.confirmer(orientation.proposer(personne), acting_user=conseiller, organisme=agence)
    notification = Notification.objects.get(cle_idempotence=f"orientation:{decision.pk}:decision:{Canal.EMAIL}")
    return conseiller, personne, notification


def test_decision_d_orientation_non_remise_signalee_au_decideur(client, courriels):
    conseiller, personne, notification = decision_notifiee()
    notification = envoyer_et_rebondir(client, notification)
    assert notification.remise == StatutRemise.REBOND
    (alerte,) = alertes(conseiller)
    assert alerte.canal == Canal.IN_APP
    assert alerte.contexte["lien"] == reverse("backoffice:orientation_personne", kwargs={"pk": personne.pk})
    assert personne.nom_complet in alerte.contexte["personne"]

    client.force_login(conseiller)
    page = client.get(reverse("backoffice:orientation_personne", kwargs={"pk": personne.pk})).content.decode()
    assert "Décision non remise par courriel" in page
    assert reverse("backoffice:orientation_courrier", kwargs={"pk": personne.pk}) in page
    lettre = client.get(reverse("backoffice:orientation_courrier", kwargs={"pk": personne.pk}))
    assert lettre.status_code == 200 and lettre.content.startswith(b"%PDF")
    centre = client.get(reverse("backoffice:notifications")).content.decode()
    assert "Avis légal non remis" in centre


def test_rejoue_ne_signale_pas_deux_fois(client, courriels):
    conseiller, _personne, notification = decision_notifiee()
    notification = envoyer_et_rebondir(client, notification)
    poster(client, URL_COURRIEL, FournisseurSms.evenement_courriel(notification.identifiant_fournisseur, "blocked"))
    assert alertes(conseiller).count() == 1


def test_remise_ne_signale_rien(client, courriels):
    conseiller, personne, notification = decision_notifiee()
    envoyer_et_rebondir(client, notification, evenement="delivered")
    assert not alertes(conseiller).exists()
    client.force_login(conseiller)
    page = client.get(reverse("backoffice:orientation_personne", kwargs={"pk": personne.pk})).content.decode()
    assert "Décision non remise" not in page


def test_rebond_d_une_notification_ordinaire_ne_signale_rien(client, courriels):
    notification = envoyer_et_rebondir(client, nouvelle("ordinaire"))
    assert notification.remise == StatutRemise.REBOND
    assert not Notification.objects.filter(type_notification=REBOND_AVIS_LEGAL.cle).exists()


def test_avertissement_prealable_non_remis_signale_et_marque_sur_la_procedure(client, courriels):
    situation = Situation()
    procedure = situation.avertie()
    courrier = CourrierProcedure.objects.filter(procedure=procedure, notification__isnull=False).first()
    notification = envoyer_et_rebondir(client, courrier.notification)
    assert notification.remise == StatutRemise.REBOND
    (alerte,) = alertes(situation.controleur)
    assert alerte.contexte["lien"] == reverse("backoffice:sanction", kwargs={"pk": procedure.pk})
    client.force_login(situation.controleur)
    page = client.get(reverse("backoffice:sanction", kwargs={"pk": procedure.pk})).content.decode()
    assert "Courriel non remis" in page
    assert reverse("backoffice:sanction_courrier", kwargs={"pk": procedure.pk, "courrier_pk": courrier.pk}) in page
