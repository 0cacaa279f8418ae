"""django-oauth-toolkit's own admin pages are taken away: applications and tokens are secrets, and API clients
are managed by their organisation's admin in the back-office (``views/conseiller.py``), through the actions that
keep the client, its technical account and its audit events together."""

from django.contrib import admin
from oauth2_provider.models import (
    get_access_token_model,
    get_application_model,
    get_grant_model,
    get_id_token_model,
    get_refresh_token_model,
)

for _modele in (
    get_application_model(),
    get_access_token_model(),
    get_grant_model(),
    get_id_token_model(),
    get_refresh_token_model(),
):
    if admin.site.is_registered(_modele):
        admin.site.unregister(_modele)
