"""Every e-mail carries the service's name and public address (SITE_NAME, SITE_URL), never the
host of the request that triggered it (127.0.0.1:8001 behind a proxy, "testserver" in tests), and
the same when it is sent outside a request (a Celery task)."""

import re
from pathlib import Path

import allauth
import pytest
from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.core.context import request_context
from django.core import mail
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse

from francetravail.comptes.models import User
from francetravail.notifications.dispatch import envoyer
from francetravail.notifications.models import Notification
from francetravail.reseau.enums import Role
from tests.factories import MOT_DE_PASSE, OrganisationFactory, UserFactory, professionnel

SITE_URL = "https://francetravail.example.gouv.fr"
HOTE_DE_LA_REQUETE = "127.0.0.1:8001"
LIEN = re.compile(r"https?://[^\s»>\"']+")


@pytest.fixture(autouse=True)
def _adresse_publique(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def client_local():
    """A browser that reached the application by its local address (a proxy, a dev port)."""
    return Client(HTTP_HOST=HOTE_DE_LA_REQUETE)


def _verifier(message, *, liens_attendus):
    """The message names the service and links only to SITE_URL; returns its links but the signature's.

    It carries ``liens_attendus`` of them, and is signed with the service's name and home page.
    """
    texte = f"{message.subject}\n{message.body}"
    liens = LIEN.findall(message.body)
    for lien in liens:
        assert lien.startswith(f"{SITE_URL}/"), f"lien hors du site : {lien}\n{message.body}"
    for intrus in (HOTE_DE_LA_REQUETE, "testserver", "example.com"):
        assert intrus not in texte, f"« {intrus} » dans le courriel :\n{texte}"
    assert message.subject.startswith("[Réseau France Travail] "), message.subject
    assert f"Réseau France Travail\n{SITE_URL}/\n" in message.body, message.body
    liens = [lien for lien in liens if lien != f"{SITE_URL}/"]
    assert len(liens) == liens_attendus, message.body
    return liens


def _suivre(lien):
    """The path of an e-mail link, to follow it with the test client."""
    return lien.removeprefix(SITE_URL)


def test_courriel_de_confirmation_a_l_inscription(client_local, mailoutbox):
    client_local.post(
        reverse("account_signup"),
        {
            "email": "nouvelle.personne@exemple.fr",
            "password1": "Un-mot-de-passe-2026",
            "password2": "Un-mot-de-passe-2026",
            "first_name": "Nina",
            "last_name": "Petit",
            "type_compte": "personne",
        },
    )
    assert len(mailoutbox) == 1
    (lien,) = _verifier(mailoutbox[0], liens_attendus=1)
    assert "/comptes/confirm-email/" in lien
    # The link works: it confirms the address.
    assert client_local.post(_suivre(lien)).status_code == 302
    assert EmailAddress.objects.get(email="nouvelle.personne@exemple.fr").verified


def test_courriel_de_confirmation_renvoye_a_la_connexion(client_local, mailoutbox):
    user = UserFactory(email="pas.verifiee@exemple.fr", email_verifie=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client_local.post(reverse("account_login"), {"login": user.email, "password": MOT_DE_PASSE})
    assert len(mailoutbox) == 1
    (lien,) = _verifier(mailoutbox[0], liens_attendus=1)
    assert "/comptes/confirm-email/" in lien


def test_courriel_de_reinitialisation_du_mot_de_passe(client_local, mailoutbox):
    UserFactory(email="connue@exemple.fr")
    client_local.post(reverse("account_reset_password"), {"email": "connue@exemple.fr"})
    assert len(mailoutbox) == 1
    (lien,) = _verifier(mailoutbox[0], liens_attendus=1)
    assert "/comptes/password/reset/key/" in lien
    # The link works: it leads to the form that sets the new password.
    reponse = client_local.get(_suivre(lien), follow=True)
    assert reponse.status_code == 200
    assert 'name="password1"' in reponse.content.decode()


def test_courriel_pour_une_adresse_inconnue(client_local, mailoutbox):
    client_local.post(reverse("account_reset_password"), {"email": "inconnue@exemple.fr"})
    assert len(mailoutbox) == 1
    (lien,) = _verifier(mailoutbox[0], liens_attendus=1)
    assert lien == f"{SITE_URL}{reverse('account_signup')}"


def test_courriel_d_un_compte_deja_existant_a_l_inscription(client_local, mailoutbox):
    UserFactory(email="deja@exemple.fr")
    client_local.post(
        reverse("account_signup"),
        {
            "email": "deja@exemple.fr",
            "password1": "Un-mot-de-passe-2026",
            "password2": "Un-mot-de-passe-2026",
            "first_name": "Nina",
            "last_name": "Petit",
            "type_compte": "personne",
        },
    )
    assert len(mailoutbox) == 1
    liens = _verifier(mailoutbox[0], liens_attendus=1)
    assert liens == [f"{SITE_URL}{reverse('account_reset_password')}"]


def test_courriel_de_confirmation_envoye_hors_requete(mailoutbox):
    """A Celery task has no request: the link is still the site's (allauth would need the Sites framework)."""
    user = UserFactory(email="tache@exemple.fr", email_verifie=False)
    adresse = EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    get_adapter().send_confirmation_mail(None, EmailConfirmationHMAC(adresse), signup=False)
    assert len(mailoutbox) == 1
    (lien,) = _verifier(mailoutbox[0], liens_attendus=1)
    assert "/comptes/confirm-email/" in lien


def test_courriel_de_reinitialisation_envoye_hors_requete(mailoutbox):
    user = UserFactory(email="tache@exemple.fr")
    adapter = get_adapter()
    lien = adapter.get_reset_password_from_key_url("abc-cle")
    adapter.send_password_reset_mail(user, user.email, {"user": user, "password_reset_url": lien})
    (lien,) = _verifier(mailoutbox[0], liens_attendus=1)
    assert lien == f"{SITE_URL}/comptes/password/reset/key/abc-cle/"


def _gabarits_de_courriel_allauth():
    racine = Path(allauth.__file__).parent / "templates"
    return sorted(
        str(chemin.relative_to(racine)).removesuffix("_message.txt")
        for chemin in racine.glob("*/email/*_message.txt")
        if not chemin.name.startswith("base_")
    )


@pytest.mark.parametrize("gabarit", _gabarits_de_courriel_allauth())
def test_chaque_courriel_d_allauth_porte_le_nom_et_l_adresse_du_site(gabarit, rf, mailoutbox):
    """The e-mails turned off today (notifications of a changed password or second factor, login
    codes) too: turning one on later must not bring the request's host back."""
    get_template(f"{gabarit}_message.txt")  # every kind listed exists
    user = UserFactory(email="quelconque@exemple.fr")
    requete = rf.get("/", HTTP_HOST=HOTE_DE_LA_REQUETE)
    requete.user = user
    with request_context(requete):
        get_adapter(requete).send_mail(
            gabarit,
            user.email,
            {"user": user, "code": "ABC123", "ip": "127.0.0.1", "user_agent": "essai", "timestamp": "maintenant"},
        )
    (message,) = mailoutbox
    texte = f"{message.subject}\n{message.body}"
    assert HOTE_DE_LA_REQUETE not in texte, texte
    assert "Réseau France Travail" in message.body, message.body
    assert message.subject.startswith("[Réseau France Travail] "), message.subject


def test_invitation_d_un_professionnel(client_local, django_capture_on_commit_callbacks):
    """The invitation is an outbox notification: its link is the site's, and it opens the password form."""
    organisation = OrganisationFactory()
    client_local.force_login(professionnel(organisation, Role.ADMIN_ORGANISATION))
    with django_capture_on_commit_callbacks():
        client_local.post(
            reverse("backoffice:membres", args=[organisation.pk]),
            {"email": "invitee@exemple.fr", "first_name": "Léa", "last_name": "Morel", "role": "conseiller"},
        )
    invitee = User.objects.get(email="invitee@exemple.fr")
    notification = Notification.objects.get(destinataire=invitee, modele="reseau/invitation_professionnel")
    mail.outbox = []
    assert envoyer(notification.pk) is True
    (message,) = mail.outbox
    corps = message.body
    liens = LIEN.findall(corps)
    assert len(liens) == 1
    assert liens[0].startswith(f"{SITE_URL}/comptes/password/reset/key/")
    assert HOTE_DE_LA_REQUETE not in corps
    assert "France Travail" in corps
    client_local.logout()
    reponse = client_local.get(_suivre(liens[0]), follow=True)
    assert 'name="password1"' in reponse.content.decode()
