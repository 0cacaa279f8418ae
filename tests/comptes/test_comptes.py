"""Accounts: public sign-up with email verification, login, lockout, second factor, sessions."""

import re
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.conf import settings
from django.test import Client
from django.urls import reverse

from francetravail.comptes.enums import TypeCompte
from francetravail.comptes.models import User
from tests.factories import MOT_DE_PASSE, OrganisationFactory, UserFactory, code_totp, professionnel

LOGIN = "/comptes/login/"


def _signup(client, **overrides):
    data = {
        "email": "nouvelle.personne@exemple.fr",
        "password1": "Un-mot-de-passe-2026",
        "password2": "Un-mot-de-passe-2026",
        "type_compte": "personne",
        "first_name": "Nora",
        "last_name": "Benali",
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def test_inscription_puis_verification_de_l_adresse_puis_connexion(client, mailoutbox):
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle.personne@exemple.fr")
    assert (user.type_compte, user.first_name, user.last_name) == (TypeCompte.PERSONNE, "Nora", "Benali")

    # Not verified yet: logging in leads to the "check your email" page, not the space.
    client.logout()
    response = client.post(LOGIN, {"login": user.email, "password": "Un-mot-de-passe-2026"})
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session

    lien = re.search(r"https?://[^\s]+/comptes/confirm-email/[^\s]+/", mailoutbox[-1].body).group(0)
    chemin = lien.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + chemin)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified

    response = client.post(LOGIN, {"login": user.email, "password": "Un-mot-de-passe-2026"})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_un_employeur_peut_s_inscrire_mais_pas_un_professionnel(client):
    _signup(client, email="employeur@exemple.fr", type_compte="employeur")
    assert User.objects.get(email="employeur@exemple.fr").type_compte == TypeCompte.EMPLOYEUR

    response = _signup(Client(), email="pirate@exemple.fr", type_compte="professionnel")
    # A tampered kind is a form error: no professional account from the public page.
    assert response.status_code == 200
    assert not User.objects.filter(email="pirate@exemple.fr").exists()


@pytest.mark.parametrize(
    ("mot_de_passe", "accepte"),
    [
        ("Court-1a", False),  # 8 characters
        ("Abcdefgh-12", False),  # 11 characters: one short of the minimum
        ("Abcdefgh-123", True),  # 12 characters, 4 classes
        ("abcdefghijkl", False),  # 12 characters, one class
        ("abcdefgh1234", False),  # two classes
        ("abcdefgh123!", True),  # three classes
    ],
)
def test_regles_de_mot_de_passe(client, mot_de_passe, accepte):
    response = _signup(client, email="regles@exemple.fr", password1=mot_de_passe, password2=mot_de_passe)
    assert User.objects.filter(email="regles@exemple.fr").exists() is accepte
    if not accepte:
        assert response.status_code == 200
        assert response.context["form"].errors["password1"]


def test_le_lien_de_verification_falsifie_ou_expire_ne_produit_pas_d_erreur_500(client, settings):
    user = UserFactory(email_verifie=False)
    email = EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    assert client.get("/comptes/confirm-email/nimportequoi/").status_code in (200, 404)

    key = EmailConfirmationHMAC(email).key
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 0
    response = client.post(f"/comptes/confirm-email/{key}/")
    assert response.status_code in (200, 302, 404)
    email.refresh_from_db()
    assert not email.verified


def test_mauvais_mot_de_passe_et_compte_inconnu_donnent_le_meme_message(client):
    UserFactory(email="connue@exemple.fr")
    r1 = client.post(LOGIN, {"login": "connue@exemple.fr", "password": "faux"})
    r2 = client.post(LOGIN, {"login": "inconnue@exemple.fr", "password": "faux"})
    assert r1.status_code == r2.status_code == 200

    def erreurs(r):
        return [str(e) for e in r.context["form"].non_field_errors()]

    assert erreurs(r1) == erreurs(r2)
    assert erreurs(r1)
    assert "mot de passe" in erreurs(r1)[0].lower()


def test_reinitialisation_du_mot_de_passe_ne_revele_pas_si_le_compte_existe(client, mailoutbox):
    UserFactory(email="connue@exemple.fr")
    r1 = client.post(reverse("account_reset_password"), {"email": "connue@exemple.fr"})
    r2 = client.post(reverse("account_reset_password"), {"email": "inconnue@exemple.fr"})
    assert r1.status_code == r2.status_code == 302
    assert r1["Location"] == r2["Location"]


@pytest.mark.parametrize(("echecs", "bloque"), [(4, False), (5, True)])
def test_verrouillage_apres_cinq_echecs_pour_un_compte(client, echecs, bloque):
    user = UserFactory(email="cible@exemple.fr")
    for _ in range(echecs):
        client.post(LOGIN, {"login": user.email, "password": "mauvais"})
    response = client.post(LOGIN, {"login": user.email, "password": MOT_DE_PASSE})
    if bloque:
        assert "_auth_user_id" not in client.session
        assert response.status_code in (200, 429)
    else:
        assert response.status_code == 302
        assert int(client.session["_auth_user_id"]) == user.pk


def test_un_professionnel_sans_second_facteur_doit_l_activer_avant_tout(client):
    user = professionnel(totp=False)
    client.post(LOGIN, {"login": user.email, "password": MOT_DE_PASSE})
    response = client.get(reverse("backoffice:accueil"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_un_professionnel_avec_second_facteur_doit_saisir_son_code(client):
    user = professionnel(OrganisationFactory())
    response = client.post(LOGIN, {"login": user.email, "password": MOT_DE_PASSE})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": code_totp()})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    assert client.get(reverse("backoffice:accueil")).status_code == 200


def test_la_session_d_un_professionnel_expire_apres_30_minutes_d_inactivite(client):
    client.force_login(professionnel())
    client.get(reverse("backoffice:accueil"))
    assert client.session.get_expiry_age() == settings.PROFESSIONAL_SESSION_IDLE_SECONDS == 30 * 60


def test_la_session_d_une_personne_garde_la_duree_normale(client):
    client.force_login(UserFactory())
    client.get(reverse("personnes:espace"))
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_csrf_exige_sur_la_connexion():
    client = Client(enforce_csrf_checks=True)
    UserFactory(email="csrf@exemple.fr")
    response = client.post(LOGIN, {"login": "csrf@exemple.fr", "password": MOT_DE_PASSE})
    assert response.status_code == 403


def test_content_security_policy_sur_chaque_page(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp


@pytest.mark.no_django_db
def test_la_production_refuse_le_secret_de_developpement_et_securise_les_cookies():
    code = "import django; django.setup(); from django.conf import settings; print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
    env = {"DJANGO_SETTINGS_MODULE": "francetravail.settings.prod", "PATH": "/usr/bin:/bin"}
    refused = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert refused.returncode != 0
    assert "DJANGO_SECRET_KEY" in refused.stderr

    env.update(
        DJANGO_SECRET_KEY="x" * 64,
        DATABASE_URL="postgres://u@127.0.0.1:1/db",
        REDIS_URL="redis://127.0.0.1:1/0",
    )
    ok = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.split() == ["True", "True"]


def test_un_professionnel_ne_peut_pas_desactiver_son_second_facteur_mais_une_personne_si():
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator

    pro = professionnel()
    personne = UserFactory(totp=True)
    adapter = get_adapter()
    assert adapter.can_delete_authenticator(Authenticator.objects.get(user=pro, type="totp")) is False
    assert adapter.can_delete_authenticator(Authenticator.objects.get(user=personne, type="totp")) is True
