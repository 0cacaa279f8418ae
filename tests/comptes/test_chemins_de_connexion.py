"""Every way in × every protected area, with and without the second factor used.

A professional or a staff member must have used their second factor *in this
session* (allauth's authentication records hold an ``mfa`` step) before reaching
anything that shows people's files or manages the account's factors. Having a
TOTP authenticator is not enough: a password alone must never open the
back-office, the admin, the API, a person's file or the recovery codes.

The ways in: allauth's login form, Django admin's login URL (which now only sends
to allauth's form), ProConnect (OpenID Connect, against the real local provider
``tests/oidc_provider.py``), and a session opened outside allauth altogether
(``Client.login``: Django's own ``login()``, standing for any other way in a
future change might add). ``Client.force_login`` is the test shortcut for a
completed login (both factors, see ``tests/conftest.py``) and is not used here.
"""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from francetravail.reseau.enums import Role
from tests.comptes.oidc import configurer, connexion_oidc, identite_proconnect
from tests.factories import MOT_DE_PASSE, OrganisationFactory, PersonneFactory, code_totp, professionnel

LOGIN = "/comptes/login/"
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture
def agent():
    """A conseiller who is also staff (the most exposed account): TOTP enrolled, one person in the agency."""
    org = OrganisationFactory()
    user = professionnel(org, Role.CONSEILLER, email="agent@francetravail.fr", is_staff=True, is_superuser=True)
    user.personne_suivie = PersonneFactory(organisme_referent=org)
    return user


ZONES = {
    # name: (url name, takes the followed person's id, is an API)
    "back-office": ("backoffice:accueil", False, False),
    "liste des personnes": ("backoffice:personnes", False, False),
    "fiche d'une personne": ("backoffice:fiche_personne", True, False),
    "admin": ("admin:index", False, False),
    "admin des personnes": ("admin:personnes_personne_changelist", False, False),
    "API": ("v1:personne-list", False, True),
    "codes de secours": ("mfa_generate_recovery_codes", False, False),
    "gestion du second facteur": ("mfa_index", False, False),
    "adresses électroniques": ("account_email", False, False),
}


def zone(user, nom):
    """(url, is an API) of a protected area."""
    url_name, avec_personne, api = ZONES[nom]
    return reverse(url_name, args=[user.personne_suivie.pk] if avec_personne else []), api


def connecte(client):
    return "_auth_user_id" in client.session


# --- the ways in, each stopped before or after the second factor -------------------------------------------


def par_le_formulaire(client, user, *, second_facteur, **_):
    response = client.post(LOGIN, {"login": user.email, "password": MOT_DE_PASSE})
    assert response["Location"] == reverse("mfa_authenticate")
    if second_facteur:
        assert client.post(reverse("mfa_authenticate"), {"code": code_totp()}).status_code == 302


def par_l_admin(client, user, *, second_facteur, **_):
    response = client.post(ADMIN_LOGIN, {"username": user.email, "password": MOT_DE_PASSE, "next": "/admin/"})
    if second_facteur:
        # The admin's login is allauth's: the same form, then the same second factor.
        assert response.status_code == 302
        response = client.post(response["Location"], {"login": user.email, "password": MOT_DE_PASSE})
        assert response["Location"] == reverse("mfa_authenticate")
        assert client.post(reverse("mfa_authenticate"), {"code": code_totp()}).status_code == 302


def par_proconnect(client, user, *, second_facteur, settings, oidc_provider, navigateur):
    configurer(settings, oidc_provider, "proconnect")
    oidc_provider.identity = identite_proconnect(user.email)
    response = connexion_oidc(client, navigateur, oidc_provider, "proconnect")
    # ProConnect vouches for the identity, not for a second factor: allauth's TOTP stage still applies.
    assert response["Location"] == reverse("mfa_authenticate")
    if second_facteur:
        assert client.post(reverse("mfa_authenticate"), {"code": code_totp()}).status_code == 302


def hors_allauth(client, user, *, second_facteur, **_):
    assert not second_facteur, "Django's login() never records a second factor"
    assert client.login(username=user.email, password=MOT_DE_PASSE)


CHEMINS = [
    pytest.param(par_le_formulaire, id="formulaire-allauth"),
    pytest.param(par_l_admin, id="connexion-admin"),
    pytest.param(par_proconnect, id="proconnect"),
]


def vers_la_connexion(response):
    """Sent to log in: allauth's form, or the admin's login URL (which only sends there)."""
    return response.status_code == 302 and response["Location"].startswith((reverse("account_login"), ADMIN_LOGIN))


@pytest.mark.parametrize("chemin", CHEMINS)
def test_avec_le_second_facteur_chaque_zone_est_ouverte(chemin, agent, settings, oidc_provider, navigateur):
    client = Client()
    chemin(client, agent, second_facteur=True, settings=settings, oidc_provider=oidc_provider, navigateur=navigateur)
    assert connecte(client)
    # allauth's own prompt before managing the factors (its MFA pages ask for it every 5 minutes).
    assert client.post(reverse("account_reauthenticate"), {"password": MOT_DE_PASSE}).status_code == 302
    for nom in ZONES:
        url, _api = zone(agent, nom)
        assert client.get(url).status_code == 200, nom


@pytest.mark.parametrize("nom", ZONES)
@pytest.mark.parametrize("chemin", [*CHEMINS, pytest.param(hors_allauth, id="session-ouverte-hors-allauth")])
def test_sans_le_second_facteur_aucune_zone_n_est_ouverte(chemin, nom, agent, settings, oidc_provider, navigateur):
    client = Client()
    chemin(client, agent, second_facteur=False, settings=settings, oidc_provider=oidc_provider, navigateur=navigateur)
    url, api = zone(agent, nom)
    response = client.get(url)
    if api:
        # Either the middleware answers (403, no second factor enrolled), or the session is already closed and
        # the API answers as to any caller without credentials: 401 with its WWW-Authenticate (bearer first).
        assert response.status_code in (401, 403)
        if response.status_code == 401:
            assert response["WWW-Authenticate"].startswith("Bearer")
    else:
        assert vers_la_connexion(response), (response.status_code, response.get("Location"))
    # A session that skipped the second factor is closed, whatever opened it.
    assert not connecte(client)


@pytest.mark.parametrize(
    "chemin",
    [pytest.param(par_l_admin, id="connexion-admin"), pytest.param(hors_allauth, id="session-ouverte-hors-allauth")],
)
def test_sans_le_second_facteur_pas_de_nouveaux_codes_de_secours(chemin, agent, settings, oidc_provider, navigateur):
    """The attack of the finding: password, then password again at the reauthentication prompt, then new codes."""
    client = Client()
    chemin(client, agent, second_facteur=False, settings=settings, oidc_provider=oidc_provider, navigateur=navigateur)
    avant = list(Authenticator.objects.filter(user=agent).values_list("pk", "type", "data"))

    client.post(reverse("account_reauthenticate"), {"password": MOT_DE_PASSE})
    response = client.post(reverse("mfa_generate_recovery_codes"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert list(Authenticator.objects.filter(user=agent).values_list("pk", "type", "data")) == avant
    assert not connecte(client)


# --- a professional without a second factor yet: enrolment only ---------------------------------------------


def test_sans_second_facteur_enregistre_la_session_ne_sert_qu_a_l_activer():
    org = OrganisationFactory()
    user = professionnel(org, Role.CONSEILLER, totp=False, is_staff=True, is_superuser=True)
    user.personne_suivie = PersonneFactory(organisme_referent=org)
    client = Client()
    response = client.post(LOGIN, {"login": user.email, "password": MOT_DE_PASSE})
    assert response.status_code == 302
    assert connecte(client)

    activation = reverse("mfa_activate_totp")
    for nom in ZONES:
        url, api = zone(user, nom)
        response = client.get(url)
        if api:
            assert response.status_code == 403, nom
        else:
            assert response.status_code == 302, nom
            assert response["Location"].startswith(activation), nom
    assert client.post(reverse("mfa_generate_recovery_codes")).status_code == 302
    assert not Authenticator.objects.filter(user=user).exists()
    # Still logged in: enrolling and logging out remain possible.
    assert client.get(reverse("account_logout")).status_code == 200
    # allauth asks for the password again before adding a factor.
    assert client.get(activation)["Location"].startswith(reverse("account_reauthenticate"))
    assert client.post(reverse("account_reauthenticate"), {"password": MOT_DE_PASSE}).status_code == 302
    page = client.get(activation)
    assert page.status_code == 200

    # Enrolling proves possession of the new factor: the session is then verified.
    assert client.post(activation, {"code": "000000"}).status_code == 200
    assert client.get(reverse("backoffice:accueil"))["Location"].startswith(activation)
    response = client.post(activation, {"code": code_totp(page.context["form"].secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.post(reverse("account_reauthenticate"), {"password": MOT_DE_PASSE}).status_code == 302
    for nom in ZONES:
        url, _api = zone(user, nom)
        assert client.get(url).status_code == 200, nom


# --- lockout: the same limits on every way in ----------------------------------------------------------------


def test_l_admin_n_accepte_aucun_mot_de_passe_meme_apres_80_essais(agent):
    client = Client()
    for _ in range(80):
        response = client.post(ADMIN_LOGIN, {"username": agent.email, "password": "mauvais", "next": "/admin/"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    response = client.post(ADMIN_LOGIN, {"username": agent.email, "password": MOT_DE_PASSE, "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not connecte(client)
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(("echecs", "bloque"), [(4, False), (5, True)])
def test_l_admin_mene_au_formulaire_allauth_et_a_son_verrouillage(agent, echecs, bloque):
    client = Client()
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('account_login')}?next=%2Fadmin%2F"
    assert "account/login.html" in [t.name for t in response.templates]

    formulaire = response.redirect_chain[-1][0]
    for _ in range(echecs):
        client.post(formulaire, {"login": agent.email, "password": "mauvais"})
    response = client.post(formulaire, {"login": agent.email, "password": MOT_DE_PASSE})
    if bloque:
        assert response.status_code in (200, 429)
        assert not connecte(client)
        assert client.get(reverse("mfa_authenticate")).status_code == 302  # no pending login either
    else:
        assert response["Location"] == reverse("mfa_authenticate")
        response = client.post(reverse("mfa_authenticate"), {"code": code_totp()})
        assert response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "chemin", [pytest.param(par_le_formulaire, id="formulaire"), pytest.param(par_proconnect, id="proconnect")]
)
@pytest.mark.parametrize(("echecs", "bloque"), [(4, False), (5, True)])
def test_le_second_facteur_se_verrouille_apres_cinq_codes_faux(
    chemin, echecs, bloque, agent, settings, oidc_provider, navigateur
):
    client = Client()
    chemin(client, agent, second_facteur=False, settings=settings, oidc_provider=oidc_provider, navigateur=navigateur)
    for _ in range(echecs):
        assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 200
    response = client.post(reverse("mfa_authenticate"), {"code": code_totp()})
    if bloque:
        assert response.status_code == 200
        assert not connecte(client)
    else:
        assert response.status_code == 302
        assert connecte(client)


# --- the admin's login URL itself ------------------------------------------------------------------------------


def test_l_adresse_de_connexion_de_l_admin_ne_renvoie_que_vers_le_site(client):
    response = client.get(ADMIN_LOGIN, {"next": "https://exemple.org/piege"})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2F"
    response = client.get(ADMIN_LOGIN, {"next": "/admin/personnes/personne/"})
    assert response["Location"] == f"{reverse('account_login')}?next=%2Fadmin%2Fpersonnes%2Fpersonne%2F"


def test_l_adresse_de_connexion_de_l_admin_une_fois_connecte(client, agent):
    client.force_login(agent)
    response = client.get(ADMIN_LOGIN, {"next": "/admin/personnes/personne/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/personnes/personne/"
    # Logged in without access to the admin: refused (404, like every refusal), no second login form.
    client.force_login(PersonneFactory(avec_compte=True).user)
    assert client.get(ADMIN_LOGIN).status_code == 404
    assert client.post(ADMIN_LOGIN, {"username": agent.email, "password": MOT_DE_PASSE}).status_code == 404
    assert client.get("/admin/").status_code == 302


def test_proconnect_sans_mot_de_passe_ni_second_facteur_l_active_apres_un_code_par_courriel(
    settings, oidc_provider, navigateur, mailoutbox
):
    """An invited professional who never set a password logs in with ProConnect: allauth's
    reauthentication before the enrolment is then a code sent by e-mail, which must get through."""
    user = professionnel(OrganisationFactory(), Role.CONSEILLER, email="invitee@francetravail.fr", totp=False)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    configurer(settings, oidc_provider, "proconnect")
    oidc_provider.identity = identite_proconnect(user.email)
    client = Client()
    assert connexion_oidc(client, navigateur, oidc_provider, "proconnect")["Location"] == reverse(
        "pages:apres_connexion"
    )
    activation = reverse("mfa_activate_totp")
    assert client.get(reverse("backoffice:accueil"))["Location"].startswith(activation)

    response = client.get(activation)
    assert response["Location"].startswith(reverse("account_request_reauthentication_code"))
    assert client.get(response["Location"]).status_code == 200
    response = client.post(reverse("account_request_reauthentication_code"), {"recipient": user.email})
    assert response["Location"].startswith(reverse("account_confirm_reauthentication_code"))
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mailoutbox[-1].body, re.MULTILINE).group(1)
    assert client.post(reverse("account_confirm_reauthentication_code"), {"code": code}).status_code == 302

    page = client.get(activation)
    assert page.status_code == 200
    assert client.post(activation, {"code": code_totp(page.context["form"].secret)}).status_code == 302
    assert client.get(reverse("backoffice:accueil")).status_code == 200
