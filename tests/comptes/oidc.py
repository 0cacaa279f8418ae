"""Helpers for logging in through the local OpenID Connect provider (``tests/oidc_provider.py``).

The fixtures (``oidc_provider``, ``navigateur`` and the loopback-only network guard)
are in ``tests/comptes/conftest.py``.
"""

from urllib.parse import urlsplit

from django.urls import reverse

CLIENT_ID = "client-reseau-france-travail"
CLIENT_SECRET = "secret-partage-avec-le-fournisseur"


def callback_url(provider_id):
    return f"http://testserver{reverse('openid_connect_callback', kwargs={'provider_id': provider_id})}"


def configurer(settings, provider, *provider_ids, secret=None):
    names = {"franceconnect": "FranceConnect", "proconnect": "ProConnect"}
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [provider.app(pid, names[pid], secret=secret) for pid in provider_ids],
        }
    }


def connexion_oidc(client, navigateur, provider, provider_id):
    """The whole round trip; returns the response of our callback view."""
    response = client.post(reverse("openid_connect_login", kwargs={"provider_id": provider_id}))
    assert response.status_code == 302
    authorize = response["Location"]
    assert authorize.startswith(f"{provider.url}/authorize?")

    reponse_fournisseur = navigateur.get(authorize, allow_redirects=False, timeout=5)
    assert reponse_fournisseur.status_code == 302, reponse_fournisseur.text
    retour = urlsplit(reponse_fournisseur.headers["Location"])
    assert f"http://{retour.netloc}{retour.path}" == callback_url(provider_id)
    return client.get(f"{retour.path}?{retour.query}")


def identite_proconnect(email):
    return {
        "sub": f"pc-{email}",
        "email": email,
        "given_name": "Karim",
        "usual_name": "Haddad",
        "siret": "13000548100010",
    }
