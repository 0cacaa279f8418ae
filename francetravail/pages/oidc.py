from django.conf import settings


def boutons_oidc():
    """FranceConnect/ProConnect buttons shown only for configured providers."""
    configured = {app["provider_id"] for app in settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]}
    return {"franceconnect": "franceconnect" in configured, "proconnect": "proconnect" in configured}
