"""FranceConnect and ProConnect: OpenID Connect login against a local provider.

The provider (tests/oidc_provider.py) is a real HTTP server on 127.0.0.1: allauth
does discovery, the token call (client secret + PKCE) and the userinfo call over
HTTP, exactly as in production. The browser side is played by the Django test
client (our pages) and ``requests`` (the provider's /authorize page). Nothing may
leave the machine: every socket connection to a non-loopback address fails.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialAccount
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from francetravail.comptes.enums import TypeCompte
from francetravail.comptes.models import User
from francetravail.pages.oidc import boutons_oidc
from tests.comptes.oidc import CLIENT_ID, CLIENT_SECRET, callback_url, configurer, connexion_oidc, identite_proconnect
from tests.factories import UserFactory, code_totp, professionnel

LOGIN = "/comptes/login/"


def assert_erreur_d_authentification(response):
    assert response.status_code == 401
    assert "socialaccount/authentication_error.html" in [t.name for t in response.templates]


def messages_de(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def utilisateur_connecte(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


IDENTITE_FRANCECONNECT = {
    # What FranceConnect v2 returns for the scopes we ask: no email_verified claim.
    "sub": "b6048e95bb134ec5b1d1e1fa69f287172e91722b9354d637a1bcf2ebb0fd2ef5v1",
    "given_name": "Jeanne Marie",
    "family_name": "Dupont",
    "birthdate": "1990-04-12",
    "email": "jeanne.dupont@exemple.fr",
}


# --- The provider itself -----------------------------------------------------------


def test_le_fournisseur_publie_sa_configuration_et_signe_ses_id_tokens(oidc_provider, navigateur):
    config = navigateur.get(f"{oidc_provider.url}/.well-known/openid-configuration", timeout=5).json()
    assert config["issuer"] == oidc_provider.url
    assert config["response_types_supported"] == ["code"]
    assert config["code_challenge_methods_supported"] == ["S256"]

    # The signature check allauth performs when it did not fetch the token itself
    # (jwtkit + JWKS): our id_tokens pass it, and only with our audience.
    oidc_provider.identity = {"sub": "abc", "email": "a@exemple.fr"}
    token = oidc_provider.make_id_token(nonce="n-123")
    data = jwtkit.verify_and_decode(
        credential=token,
        keys_url=config["jwks_uri"],
        issuer=config["issuer"],
        audience=CLIENT_ID,
        lookup_kid=jwtkit.lookup_kid_jwk,
    )
    assert (data["sub"], data["email"], data["nonce"]) == ("abc", "a@exemple.fr", "n-123")
    with pytest.raises(jwtkit.OAuth2Error):
        jwtkit.verify_and_decode(
            credential=token,
            keys_url=config["jwks_uri"],
            issuer=config["issuer"],
            audience="un-autre-client",
            lookup_kid=jwtkit.lookup_kid_jwk,
        )


def test_le_fournisseur_refuse_un_client_ou_une_adresse_de_retour_inconnus(oidc_provider, navigateur):
    base = f"{oidc_provider.url}/authorize"
    params = {"response_type": "code", "scope": "openid", "client_id": CLIENT_ID, "state": "s", "code_challenge": "x"}
    params["code_challenge_method"] = "S256"
    inconnu = navigateur.get(
        base,
        params={**params, "client_id": "intrus", "redirect_uri": callback_url("franceconnect")},
        allow_redirects=False,
        timeout=5,
    )
    assert inconnu.status_code == 400
    detourne = navigateur.get(
        base, params={**params, "redirect_uri": "https://attaquant.example/cb"}, allow_redirects=False, timeout=5
    )
    assert detourne.status_code == 400


# --- FranceConnect -------------------------------------------------------------------


def test_franceconnect_cree_le_compte_d_une_personne_et_la_connecte(client, settings, oidc_provider, navigateur):
    configurer(settings, oidc_provider, "franceconnect")
    oidc_provider.identity = dict(IDENTITE_FRANCECONNECT)

    response = connexion_oidc(client, navigateur, oidc_provider, "franceconnect")

    user = User.objects.get(email="jeanne.dupont@exemple.fr")
    assert user.type_compte == TypeCompte.PERSONNE
    assert (user.first_name, user.last_name) == ("Jeanne Marie", "Dupont")
    assert not user.has_usable_password()
    compte = SocialAccount.objects.get(user=user)
    assert (compte.provider, compte.uid) == ("franceconnect", IDENTITE_FRANCECONNECT["sub"])
    assert EmailAddress.objects.filter(user=user, email="jeanne.dupont@exemple.fr").exists()

    assert response.status_code == 302, response.content[:500]
    assert response["Location"] == reverse("pages:apres_connexion")
    assert utilisateur_connecte(client) == user

    # The real protocol ran: PKCE S256, client_secret_post, the userinfo call.
    (autorisation,) = oidc_provider.authorize_requests
    assert autorisation["code_challenge_method"] == "S256"
    assert {"openid", "email"} <= set(autorisation["scope"].split())
    (jeton,) = oidc_provider.token_requests
    assert jeton["client_secret"] == CLIENT_SECRET
    assert jeton["code_verifier"]
    assert len(oidc_provider.userinfo_requests) == 1


def test_franceconnect_reconnecte_le_meme_compte_la_fois_suivante(client, settings, oidc_provider, navigateur):
    configurer(settings, oidc_provider, "franceconnect")
    oidc_provider.identity = dict(IDENTITE_FRANCECONNECT)
    connexion_oidc(client, navigateur, oidc_provider, "franceconnect")
    client.logout()

    response = connexion_oidc(client, navigateur, oidc_provider, "franceconnect")

    assert response.status_code == 302
    assert User.objects.filter(email="jeanne.dupont@exemple.fr").count() == 1
    assert utilisateur_connecte(client).email == "jeanne.dupont@exemple.fr"


def test_franceconnect_mauvais_secret_client_echoue_proprement(client, settings, oidc_provider, navigateur):
    configurer(settings, oidc_provider, "franceconnect", secret="pas-le-bon-secret")
    oidc_provider.identity = dict(IDENTITE_FRANCECONNECT)

    response = connexion_oidc(client, navigateur, oidc_provider, "franceconnect")

    # allauth renders its "authentication error" page (HTTP 401), not a 500.
    assert_erreur_d_authentification(response)
    assert not User.objects.filter(email__iexact=IDENTITE_FRANCECONNECT["email"]).exists()
    assert not SocialAccount.objects.exists()
    assert utilisateur_connecte(client) is None
    (jeton,) = oidc_provider.token_requests  # the provider was asked, and refused
    assert jeton["client_secret"] == "pas-le-bon-secret"
    assert not oidc_provider.userinfo_requests


def test_franceconnect_mauvais_verificateur_pkce_echoue_proprement(
    client, settings, oidc_provider, navigateur, monkeypatch
):
    configurer(settings, oidc_provider, "franceconnect")
    oidc_provider.identity = dict(IDENTITE_FRANCECONNECT)
    # Our side sends a verifier that does not match the challenge it sent.
    from allauth.socialaccount.providers.oauth2 import views as oauth2_views

    original = oauth2_views.OAuth2Adapter.get_access_token_data

    def mauvais_verificateur(self, request, app, client, pkce_code_verifier=None):
        return original(self, request, app, client, pkce_code_verifier="x" * 64)

    monkeypatch.setattr(oauth2_views.OAuth2Adapter, "get_access_token_data", mauvais_verificateur)

    response = connexion_oidc(client, navigateur, oidc_provider, "franceconnect")

    (jeton,) = oidc_provider.token_requests
    assert jeton["code_verifier"] == "x" * 64  # refused by the provider: PKCE failed
    assert_erreur_d_authentification(response)
    assert not User.objects.filter(email__iexact=IDENTITE_FRANCECONNECT["email"]).exists()
    assert not SocialAccount.objects.exists()
    assert utilisateur_connecte(client) is None


def test_franceconnect_id_token_pour_un_autre_client_refuse(client, settings, oidc_provider, navigateur):
    configurer(settings, oidc_provider, "franceconnect")
    oidc_provider.identity = dict(IDENTITE_FRANCECONNECT)
    oidc_provider.id_token_overrides = {"aud": "un-autre-client"}

    response = connexion_oidc(client, navigateur, oidc_provider, "franceconnect")

    assert_erreur_d_authentification(response)
    assert not User.objects.filter(email__iexact=IDENTITE_FRANCECONNECT["email"]).exists()
    assert not SocialAccount.objects.exists()


def test_franceconnect_annule_par_l_usager(client, settings, oidc_provider, navigateur):
    configurer(settings, oidc_provider, "franceconnect")
    oidc_provider.authorize_error = "access_denied"

    response = connexion_oidc(client, navigateur, oidc_provider, "franceconnect")

    assert response.status_code == 302
    assert response["Location"] == reverse("socialaccount_login_cancelled")
    assert not oidc_provider.token_requests
    assert not User.objects.filter(email__iexact=IDENTITE_FRANCECONNECT["email"]).exists()
    assert not SocialAccount.objects.exists()


def test_franceconnect_ne_donne_pas_acces_au_compte_d_un_professionnel(client, settings, oidc_provider, navigateur):
    pro = professionnel(email="agent@francetravail.fr")
    configurer(settings, oidc_provider, "franceconnect")
    oidc_provider.identity = {**IDENTITE_FRANCECONNECT, "email": "agent@francetravail.fr"}

    response = connexion_oidc(client, navigateur, oidc_provider, "franceconnect")

    # Not logged in as the professional, the identity is not attached to that account and
    # no second account takes the address: with ACCOUNT_PREVENT_ENUMERATION allauth shows
    # the neutral "check your email" page (and mails the owner that the account exists).
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert utilisateur_connecte(client) is None
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email__iexact="agent@francetravail.fr").get() == pro


# --- ProConnect ------------------------------------------------------------------------


def test_proconnect_relie_le_compte_professionnel_existant_puis_demande_le_second_facteur(
    client, settings, oidc_provider, navigateur
):
    pro = professionnel(email="conseillere@francetravail.fr")
    configurer(settings, oidc_provider, "proconnect")
    oidc_provider.identity = identite_proconnect("conseillere@francetravail.fr")
    nb_comptes = User.objects.count()

    response = connexion_oidc(client, navigateur, oidc_provider, "proconnect")

    assert User.objects.count() == nb_comptes
    compte = SocialAccount.objects.get(provider="proconnect")
    assert compte.user == pro
    # The professional has a TOTP: allauth's MFA stage applies to social logins too,
    # so ProConnect does not bypass our second factor.
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert utilisateur_connecte(client) is None

    response = client.post(reverse("mfa_authenticate"), {"code": code_totp()})
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:apres_connexion")
    assert utilisateur_connecte(client) == pro
    pro.refresh_from_db()
    assert pro.type_compte == TypeCompte.PROFESSIONNEL


def test_proconnect_la_fois_suivante_meme_compte_et_toujours_le_second_facteur(
    client, settings, oidc_provider, navigateur
):
    pro = professionnel(email="conseillere@francetravail.fr")
    configurer(settings, oidc_provider, "proconnect")
    oidc_provider.identity = identite_proconnect("conseillere@francetravail.fr")
    connexion_oidc(client, navigateur, oidc_provider, "proconnect")
    client.post(reverse("mfa_authenticate"), {"code": code_totp()})
    assert utilisateur_connecte(client) == pro
    client.logout()

    response = connexion_oidc(client, navigateur, oidc_provider, "proconnect")

    assert SocialAccount.objects.filter(provider="proconnect").get().user == pro
    assert response["Location"] == reverse("mfa_authenticate")
    assert utilisateur_connecte(client) is None


def test_proconnect_compte_desactive_apres_liaison_refuse(client, settings, oidc_provider, navigateur):
    pro = professionnel(email="ancien.agent@francetravail.fr", totp=False)
    configurer(settings, oidc_provider, "proconnect")
    oidc_provider.identity = identite_proconnect("ancien.agent@francetravail.fr")
    connexion_oidc(client, navigateur, oidc_provider, "proconnect")
    client.logout()
    User.objects.filter(pk=pro.pk).update(is_active=False)

    response = connexion_oidc(client, navigateur, oidc_provider, "proconnect")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_inactive")
    assert utilisateur_connecte(client) is None


def test_proconnect_sans_second_facteur_mene_a_son_activation(client, settings, oidc_provider, navigateur):
    pro = professionnel(email="nouvel.agent@francetravail.fr", totp=False)
    configurer(settings, oidc_provider, "proconnect")
    oidc_provider.identity = identite_proconnect("nouvel.agent@francetravail.fr")

    response = connexion_oidc(client, navigateur, oidc_provider, "proconnect")

    assert response.status_code == 302
    assert utilisateur_connecte(client) == pro
    assert response["Location"] == reverse("pages:apres_connexion")
    # No MFA stage (nothing to ask), but the platform then requires the TOTP
    # enrolment before anything else (MandatorySecondFactorMiddleware).
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.parametrize(
    "compte",
    [
        pytest.param(None, id="adresse-inconnue"),
        pytest.param({"type_compte": TypeCompte.PERSONNE}, id="compte-personne"),
        pytest.param({"type_compte": TypeCompte.EMPLOYEUR}, id="compte-employeur"),
        pytest.param({"professionnel": True, "is_active": False}, id="professionnel-desactive"),
    ],
)
def test_proconnect_refuse_sans_compte_professionnel_actif(client, settings, oidc_provider, navigateur, compte):
    email = "quelqu.un@exemple.fr"
    if compte is not None:
        UserFactory(email=email, **compte)
    configurer(settings, oidc_provider, "proconnect")
    oidc_provider.identity = identite_proconnect(email)
    nb_comptes = User.objects.count()

    response = connexion_oidc(client, navigateur, oidc_provider, "proconnect")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert any("Aucun compte professionnel actif" in m for m in messages_de(response))
    assert User.objects.count() == nb_comptes
    assert not SocialAccount.objects.exists()
    assert utilisateur_connecte(client) is None


def test_proconnect_adresse_en_majuscules_meme_compte(client, settings, oidc_provider, navigateur):
    pro = professionnel(email="karim.haddad@francetravail.fr")
    configurer(settings, oidc_provider, "proconnect")
    oidc_provider.identity = identite_proconnect("Karim.Haddad@FranceTravail.fr")

    response = connexion_oidc(client, navigateur, oidc_provider, "proconnect")

    assert response["Location"] == reverse("mfa_authenticate")
    assert SocialAccount.objects.get(provider="proconnect").user == pro


# --- Buttons ---------------------------------------------------------------------------
#
# Checked on boutons_oidc() (settings read at call time) and on the login page itself.

LIEN_FRANCECONNECT = "/comptes/oidc/franceconnect/login/"
LIEN_PROCONNECT = "/comptes/oidc/proconnect/login/"


class _Formulaires(HTMLParser):
    """The page's POST forms: {action path: {hidden input name: value}}."""

    def __init__(self):
        super().__init__()
        self.forms = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._current = {}
            self.forms.append((urlsplit(attrs.get("action") or "").path, self._current))
        elif tag == "input" and self._current is not None and attrs.get("type") == "hidden":
            self._current[attrs.get("name")] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def _formulaires(html):
    parser = _Formulaires()
    parser.feed(html)
    return parser.forms


def formulaires_post(html):
    """The paths the page's POST forms submit to."""
    return [action for action, _ in _formulaires(html)]


def page_de_connexion(client):
    page = client.get(LOGIN)
    assert page.status_code == 200
    assert "account/login.html" in [t.name for t in page.templates]
    return page.content.decode()


def test_sans_fournisseur_configure_aucun_bouton(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": []}}

    assert boutons_oidc() == {"franceconnect": False, "proconnect": False}
    html = page_de_connexion(client)
    assert LIEN_FRANCECONNECT not in html
    assert LIEN_PROCONNECT not in html
    assert "FranceConnect" not in html
    assert "ProConnect" not in html
    assert "fr-connect" not in html  # the DSFR FranceConnect/ProConnect button class


def test_franceconnect_configure_seul_son_bouton(client, settings, oidc_provider):
    configurer(settings, oidc_provider, "franceconnect")

    assert boutons_oidc() == {"franceconnect": True, "proconnect": False}
    html = page_de_connexion(client)
    assert LIEN_FRANCECONNECT in html
    assert "FranceConnect" in html
    assert LIEN_PROCONNECT not in html
    assert "ProConnect" not in html
    # The project's own template: a POST form to the login URL (SOCIALACCOUNT_LOGIN_ON_GET
    # is off), not allauth's default list of GET links to an intermediate page.
    assert formulaires_post(html).count(LIEN_FRANCECONNECT) == 1
    assert LIEN_PROCONNECT not in formulaires_post(html)


def test_les_deux_fournisseurs_configures_les_deux_boutons(client, settings, oidc_provider):
    configurer(settings, oidc_provider, "franceconnect", "proconnect")

    assert boutons_oidc() == {"franceconnect": True, "proconnect": True}
    html = page_de_connexion(client)
    assert "FranceConnect" in html
    assert "ProConnect" in html
    formulaires = formulaires_post(html)
    assert LIEN_FRANCECONNECT in formulaires
    assert LIEN_PROCONNECT in formulaires


def test_depuis_le_bouton_franceconnect_de_la_page_de_connexion(settings, oidc_provider, navigateur):
    """The whole journey as a browser makes it: the button's form, with CSRF checks on."""
    client = Client(enforce_csrf_checks=True)
    configurer(settings, oidc_provider, "franceconnect")
    oidc_provider.identity = dict(IDENTITE_FRANCECONNECT)

    (champs,) = [champs for action, champs in _formulaires(page_de_connexion(client)) if action == LIEN_FRANCECONNECT]
    response = client.post(LIEN_FRANCECONNECT, champs)
    assert response.status_code == 302
    reponse_fournisseur = navigateur.get(response["Location"], allow_redirects=False, timeout=5)
    retour = urlsplit(reponse_fournisseur.headers["Location"])
    response = client.get(f"{retour.path}?{retour.query}")

    assert response.status_code == 302
    assert response["Location"] == reverse("pages:apres_connexion")
    assert utilisateur_connecte(client).email == IDENTITE_FRANCECONNECT["email"]
