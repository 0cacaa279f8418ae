from django.core.exceptions import ImproperlyConfigured

from francetravail.settings.base import *  # noqa: F403
from francetravail.settings.base import SECRET_KEY, STOCKAGE_PRIVE, env

DEBUG = False

if SECRET_KEY.startswith("dev-") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY doit être défini avec une valeur secrète d'au moins 50 caractères.")
if not env("DATABASE_URL", default=""):
    raise ImproperlyConfigured("DATABASE_URL doit être défini en production.")
if not env("REDIS_URL", default=""):
    raise ImproperlyConfigured("REDIS_URL doit être défini en production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
STORAGES = {
    "default": STOCKAGE_PRIVE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
