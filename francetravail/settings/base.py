"""Settings shared by every environment.

Every value comes from the environment (12-factor, django-environ) with a safe
development default; ``prod.py`` refuses to start with those defaults.
"""

import hashlib
import hmac
from pathlib import Path

import environ
import pghistory
import pgtrigger
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-insecure-secret-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SITE_NAME = "Réseau France Travail"
SITE_TAGLINE = "Inscription, orientation et accompagnement vers l'emploi"
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# France Travail's data protection officer, with whom the people exercise their rights (C. trav. R5312-45):
# shown on the « Données personnelles » page and in the person's « Mes données ».
DELEGUE_PROTECTION_DONNEES_EMAIL = env("DELEGUE_PROTECTION_DONNEES_EMAIL", default="dpo@francetravail.localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.forms",
    # Third party
    "widget_tweaks",
    "dsfr",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "csp",
    "oauth2_provider",
    # Platform core
    "francetravail.comptes",
    "francetravail.reseau",
    "francetravail.personnes",
    "francetravail.audit",
    "francetravail.parametres",
    "francetravail.notifications",
    "francetravail.pages",
    "francetravail.rendezvous",
    "francetravail.invitations",
    "francetravail.rome",
    "francetravail.messagerie",
    "francetravail.referents",
    "francetravail.accompagnement",
    "francetravail.partenaires",
    "francetravail.documents",
    "francetravail.donnees",
    # Domain apps, in journey order
    "inscription",
    "orientation",
    "diagnostic",
    "contrats",
    "sanctions",
    "entreprises",
    "demo",  # composition: seeds every app above for `make run` (seed_demo, demo_logins)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "francetravail.comptes.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "francetravail.comptes.middleware.ProfessionalSessionMiddleware",
    "francetravail.comptes.middleware.MandatorySecondFactorMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "francetravail.audit.contexte.ContexteJournalMiddleware",
]

ROOT_URLCONF = "francetravail.urls"
WSGI_APPLICATION = "francetravail.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "francetravail.pages.context_processors.site",
                "francetravail.reseau.context_processors.menu_professionnel",
                "francetravail.notifications.context_processors.notifications",
            ],
        },
    },
]
# django-dsfr renders form fields with its own widget templates.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# https://docs.djangoproject.com/en/5.2/ref/settings/#databases
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://francetravail@127.0.0.1:5432/francetravail"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")

# The cache backs allauth's rate limits and lockouts: it must be shared by every
# web process, hence Redis. Redis down must not take the pages down: the backend
# keeps limits and replay markers in each process's memory meanwhile (fail safe) and
# answers a miss for the cached copies of rows invalidated across processes (fail
# open, the database answers), logging the outage (francetravail/comptes/cache_redis.py).
CACHES = {
    "default": {
        "BACKEND": "francetravail.comptes.cache_redis.CacheRedisTolerante",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="ft"),
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": 2,
            "SOCKET_TIMEOUT": 2,
            # A professional's memberships (francetravail/reseau/roles.py): a per-process
            # copy would miss another process's invalidation (a revoked role).
            "PREFIXES_SANS_REPLI": ["reseau:contexte-pro:"],
            "PAUSE_APRES_PANNE": 5,
        },
    },
}
# The page chrome (head assets, header, menu, footer) is rendered once per process
# for each variant ({% gabarit %}, francetravail/pages/templatetags/gabarits.py):
# it only changes with a deployment, which restarts the processes.
GABARITS_EN_CACHE = env.bool("GABARITS_EN_CACHE", default=True)
# A professional's memberships are cached in Redis and invalidated on every change
# (francetravail/reseau/signals.py); the timeout only bounds a missed invalidation.
CONTEXTE_PRO_CACHE_SECONDES = env.int("CONTEXTE_PRO_CACHE_SECONDES", default=300)

AUTH_USER_MODEL = "comptes.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "francetravail.comptes.validators.CharacterClassesValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "pages:apres_connexion"
LOGOUT_REDIRECT_URL = "pages:accueil"

# django-allauth — https://docs.allauth.org/en/latest/account/configuration.html
ACCOUNT_ADAPTER = "francetravail.comptes.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "francetravail.comptes.adapters.SocialAccountAdapter"
MFA_ADAPTER = "francetravail.comptes.adapters.MFAAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "francetravail.comptes.forms.SignupExtraForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 2
# Password-reset and invitation links (allauth uses Django's setting).
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# Lockout: 5 failed logins for one account within 15 minutes lock it for the
# rest of the window; 20 failures a minute from one address throttle the address.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("LOGIN_FAILED_RATE_LIMIT", default="20/m/ip,5/15m/key"),
    # Relaxed only by the load benchmark, which logs 50 users in from 127.0.0.1 (tests/benchmarks/test_charge.py).
    "login": env("LOGIN_RATE_LIMIT", default="30/m/ip"),
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    # Identity checks on booking links (/rdv/<jeton>/), per address; each invitation also locks itself
    # after a few failures (francetravail/invitations/actions_lien.py).
    "invitation_verification": env("INVITATION_VERIFICATION_RATE_LIMIT", default="30/m/ip"),
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Réseau France Travail"
MFA_RECOVERY_CODE_COUNT = 10
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False

# FranceConnect (people) and ProConnect (professionals): OpenID Connect providers
# configured from the environment only; with no client id the button is hidden.
OIDC_PROVIDERS = {
    "franceconnect": {
        "name": "FranceConnect",
        "server_url": env("FRANCECONNECT_SERVER_URL", default=""),
        "client_id": env("FRANCECONNECT_CLIENT_ID", default=""),
        "secret": env("FRANCECONNECT_SECRET", default=""),
        "scope": ["openid", "email", "given_name", "family_name", "birthdate"],
    },
    "proconnect": {
        "name": "ProConnect",
        "server_url": env("PROCONNECT_SERVER_URL", default=""),
        "client_id": env("PROCONNECT_CLIENT_ID", default=""),
        "secret": env("PROCONNECT_SECRET", default=""),
        "scope": ["openid", "email", "given_name", "usual_name", "siret"],
    },
}
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": provider_id,
                "name": conf["name"],
                "client_id": conf["client_id"],
                "secret": conf["secret"],
                "settings": {
                    "server_url": conf["server_url"],
                    "token_auth_method": "client_secret_post",
                    "scope": conf["scope"],
                },
            }
            for provider_id, conf in OIDC_PROVIDERS.items()
            if conf["client_id"] and conf["server_url"]
        ],
    }
}

# Sessions. Professionals get a short idle expiry (see ProfessionalSessionMiddleware).
# In the database only: one read by primary key per request, and no Redis on the way,
# so pages and logins work while Redis is down. Not cached_db: with Redis raising it
# answered 500 everywhere, and over a cache that fails open a session ended while Redis
# was unreachable (logout, key cycled at login) would come back from the stale copy
# Redis keeps (append-only file) once it is up again.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
PROFESSIONAL_SESSION_IDLE_SECONDS = env.int("PROFESSIONAL_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4). DSFR's scripts carry the request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Stored documents (contract PDFs, scans, sanction letters, CAF files) have no URL: no route serves
# MEDIA_ROOT and the storage refuses to give one; gated views serve them (francetravail.base.stockage).
# A system check refuses a MEDIA_ROOT inside a folder of static files.
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / ".local" / "media"))
STOCKAGE_PRIVE = {"BACKEND": "francetravail.base.stockage.StockagePrive"}
# Or an S3-compatible object store, private, by configuration (francetravail/base/stockage_s3.py).
if env("STOCKAGE_S3_BUCKET", default=""):
    from francetravail.base.stockage_s3 import options_depuis

    STOCKAGE_PRIVE = {"BACKEND": "francetravail.base.stockage_s3.StockagePriveS3", "OPTIONS": options_depuis(env)}
STORAGES = {
    "default": STOCKAGE_PRIVE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Email — https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://127.0.0.1:1025")
vars().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Réseau France Travail <ne-pas-repondre@francetravail.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMS_BACKEND = env("SMS_BACKEND", default="francetravail.notifications.sms.LoggingSmsBackend")
# Brevo's transactional SMS (SMS_BACKEND=francetravail.notifications.fournisseurs.brevo.BrevoSmsBackend):
# no URL by default, so nothing leaves the machine until it is configured (https://api.brevo.com/v3).
BREVO_API_URL = env("BREVO_API_URL", default="")
BREVO_API_KEY = env("BREVO_API_KEY", default="")
BREVO_SMS_EXPEDITEUR = env("BREVO_SMS_EXPEDITEUR", default="FranceTrav")
BREVO_TIMEOUT = env.float("BREVO_TIMEOUT", default=10)
# Delivery callbacks (/webhooks/remise/…): the token Brevo sends (Authorization: Bearer …; empty: every
# callback refused), an optional HMAC secret (X-Signature + X-Signature-Timestamp) and its tolerance (s).
REMISE_WEBHOOK_JETON = env("REMISE_WEBHOOK_JETON", default="")
REMISE_WEBHOOK_SECRET_HMAC = env("REMISE_WEBHOOK_SECRET_HMAC", default="")
REMISE_WEBHOOK_TOLERANCE = env.int("REMISE_WEBHOOK_TOLERANCE", default=300)
# Attempts before a notification is marked failed (backoff 1, 2, 4… minutes, capped at 1 h).
NOTIFICATIONS_MAX_TENTATIVES = env.int("NOTIFICATIONS_MAX_TENTATIVES", default=8)
# Partners' webhooks (francetravail/partenaires/livraison.py): attempts before a delivery is given up (backoff
# 1, 2, 4… minutes, capped at 6 h: 12 attempts span about 26 hours), and the hosts whose private or loopback
# addresses may be called, over http too (empty in production: only public https addresses; 127.0.0.1 in tests).
WEBHOOKS_MAX_TENTATIVES = env.int("WEBHOOKS_MAX_TENTATIVES", default=12)
WEBHOOKS_HOTES_LOCAUX_AUTORISES = env.list("WEBHOOKS_HOTES_LOCAUX_AUTORISES", default=[])

# Celery — https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Tasks defined outside an app's tasks.py: the letters' batch rendering (francetravail/invitations/courriers.py).
CELERY_IMPORTS = ["francetravail.invitations.courriers"]
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request must never hang because Redis is down: publishing gives up fast
# and the outbox sweep (beat) sends what was left pending.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY = False
# Visibility timeout: how long a delivered but unacknowledged message (acks_late) waits before
# Redis hands it to another worker. A message waits behind the running task of its worker process
# (prefetch 1), then runs: at most twice the longest hard time limit (CELERY_TASK_TIME_LIMIT, no
# task sets a longer one of its own; a task that does must be counted here), plus a minute of
# margin. Shorter, a running task would be run twice; longer, a task whose worker was killed (an
# import, a PDF) would wait that long (it was one hour) before being delivered again.
# tests/test_redis_persistance.py checks it against every task's limit.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "visibility_timeout": 2 * CELERY_TASK_TIME_LIMIT + 60,
}
CELERY_BEAT_SCHEDULE_MODULE = "francetravail.beat"
WORKER_HEARTBEAT_KEY = "ft:worker:heartbeat"
WORKER_HEARTBEAT_MAX_AGE = 180

# Attached documents (francetravail/documents/): their size limit (an upload is cut there while it arrives),
# ClamAV's daemon socket (started by scripts/services.py in development and tests; empty: every document
# refused, nothing is stored unscanned) and how long a scan may take.
DOCUMENTS_TAILLE_MAX = env.int("DOCUMENTS_TAILLE_MAX", default=20 * 1024 * 1024)
CLAMAV_SOCKET = env("CLAMAV_SOCKET", default="")
CLAMAV_TIMEOUT = env.float("CLAMAV_TIMEOUT", default=30)
# A copy of a person's file (francetravail/donnees/): how many days it stays downloadable.
COPIE_DOSSIER_DUREE_JOURS = env.int("COPIE_DOSSIER_DUREE_JOURS", default=7)
# The purge register keeps the ids of the files it treated as HMAC-SHA256 empreintes under this key, never the
# SECRET_KEY itself: production sets its own (a rotated SECRET_KEY would otherwise make the register's past lines
# unsearchable); unset, a key derived from the SECRET_KEY (salted HMAC) is used.
CONSERVATION_CLE_EMPREINTE = (
    env("CONSERVATION_CLE_EMPREINTE", default="")
    or hmac.new(SECRET_KEY.encode(), b"francetravail.donnees.registre-des-purges", hashlib.sha256).hexdigest()
)
# Files treated per transaction by the retention sweep (francetravail/donnees/conservation.py).
CONSERVATION_TAILLE_LOT = env.int("CONSERVATION_TAILLE_LOT", default=5000)

# Uploads: a file over its limit is refused while it arrives, before it is stored
# (francetravail/base/televersement.py); a view may set its own limit (the CAF/MSA flow below).
TELEVERSEMENT_TAILLE_MAX = env.int("TELEVERSEMENT_TAILLE_MAX", default=100 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "francetravail.base.televersement.LimiteTaille",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# CAF/MSA flow import (inscription/import_caf.py): size of a file and of a line (bytes), the soft
# time limit of a run, the silence after which the sweep re-drives a run, and how many runs at most.
FLUX_CAF_TAILLE_MAX = env.int("FLUX_CAF_TAILLE_MAX", default=100 * 1024 * 1024)
FLUX_CAF_LONGUEUR_MAX_LIGNE = env.int("FLUX_CAF_LONGUEUR_MAX_LIGNE", default=4096)
FLUX_CAF_DUREE_MAX = env.int("FLUX_CAF_DUREE_MAX", default=2 * 3600)
FLUX_CAF_DELAI_SANS_NOUVELLES = env.int("FLUX_CAF_DELAI_SANS_NOUVELLES", default=15 * 60)
FLUX_CAF_TENTATIVES_MAX = env.int("FLUX_CAF_TENTATIVES_MAX", default=3)
# The drop folder (inscription/depot_flux.py): one subfolder per département code; empty: none.
# A file is taken once unmodified for FLUX_CAF_DEPOT_DELAI seconds (and never while named *.part).
FLUX_CAF_DEPOT = env.str("FLUX_CAF_DEPOT", default="")
FLUX_CAF_DEPOT_DELAI = env.int("FLUX_CAF_DEPOT_DELAI", default=60)
# A CNAF XML file's changed households are parsed and written in this many parts, one Celery task each
# (inscription/import_xml.py): two workers (or a worker of concurrency 2) write one file side by side.
FLUX_CAF_PARTIES = env.int("FLUX_CAF_PARTIES", default=2)
# ...when each part would get at least this many households to write; fewer: written at once by the scan's task.
FLUX_CAF_PARTIE_MIN = env.int("FLUX_CAF_PARTIE_MIN", default=5_000)
# Generated documents still missing this long after they were due are re-driven
# (francetravail/base/relances.py), within a window, so a document that always fails stops coming back.
DOCUMENTS_DELAI_RELANCE = env.int("DOCUMENTS_DELAI_RELANCE", default=10 * 60)
DOCUMENTS_FENETRE_RELANCE = env.int("DOCUMENTS_FENETRE_RELANCE", default=2 * 86_400)
CELERY_IMPORTS = ["francetravail.base.relances", "francetravail.donnees.partitions"]

# Django REST framework — https://www.django-rest-framework.org/api-guide/settings/
REST_FRAMEWORK = {
    # Partners' software: a bearer token of an API client (client credentials); a professional's
    # browser session (after the second factor) reads the same API.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "francetravail.partenaires.authentification.AuthentificationClientAPI",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Every view also names its scope (francetravail/api_portees.py); one that sets its own
    # permission_classes keeps PorteeRequise first (tests/api/test_portees.py checks it).
    "DEFAULT_PERMISSION_CLASSES": [
        "francetravail.api_portees.PorteeRequise",
        "rest_framework.permissions.IsAuthenticated",
    ],
    "DEFAULT_PAGINATION_CLASS": "francetravail.api_pagination.PaginationCurseur",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    # Per account when logged in, per IP address otherwise (francetravail/api_limites.py).
    "DEFAULT_THROTTLE_CLASSES": [
        "francetravail.api_limites.LimiteParUtilisateur",
        "francetravail.api_limites.LimiteParClientAnonyme",
        "francetravail.api_limites.LimiteParClient",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env("API_LIMITE_UTILISATEUR", default="1000/hour"),
        "anon": env("API_LIMITE_ANONYME", default="200/hour"),
        "client": env("API_LIMITE_CLIENT", default="3000/hour"),
    },
    # Proxies in front of the application whose X-Forwarded-For is trusted (0: the connection's address).
    "NUM_PROXIES": env.int("API_NOMBRE_PROXYS", default=0),
    "EXCEPTION_HANDLER": "francetravail.api_erreurs.gestionnaire_erreurs",
}
# Requests per minute and per account to the forms' JSON autocompletes (communes, ROME): a person
# typing makes a few a second at most (the script waits for a pause); beyond, a 429 (francetravail/base/debit.py).
AUTOCOMPLETION_PAR_MINUTE = env.int("AUTOCOMPLETION_PAR_MINUTE", default=120)
# OAuth2 (django-oauth-toolkit): client credentials only (each Application is created with that grant). The scopes are
# francetravail/partenaires/portees.py's; a client obtains only those its organisation's admin gave it.
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": env.int("API_DUREE_JETON", default=3600),
    "SCOPES_BACKEND_CLASS": "francetravail.partenaires.portees.PorteesDuClient",
    "OAUTH2_VALIDATOR_CLASS": "francetravail.partenaires.validateur.ValidateurClients",
    "PKCE_REQUIRED": True,
}
# The library's own models, named so that migrations depending on them resolve (they are swappable).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"

SPECTACULAR_SETTINGS = {
    "TITLE": "API du réseau France Travail",
    "DESCRIPTION": (
        "L'API des logiciels partenaires du réseau (conseils départementaux, missions locales, Cap emploi, "
        "associations, employeurs) : lire et mettre à jour le dossier partagé des personnes accompagnées, "
        "par les mêmes règles d'accès que les pages du site. Chaque lecture d'un dossier est inscrite au "
        "journal des accès de la personne, au nom de votre client et de votre organisation.\n\n"
        "**Authentification** : OAuth2 « client credentials ». L'administrateur de votre organisation crée "
        "un client de l'API dans le back-office et choisit ses portées ; échangez ses identifiants contre un "
        "jeton (`POST /api/oauth/token/`), puis envoyez `Authorization: Bearer <jeton>`.\n\n"
        "**Erreurs** : toujours au format `application/problem+json` (RFC 9457), en français.\n\n"
        "**Versions** : `/api/v1/` est stable ; un changement incompatible ne paraît que dans `/api/v2/`. "
        "Les changements de chaque version sont dans le [journal des changements](/api/changelog/)."
    ),
    "VERSION": "1.0.0",  # the latest entry of francetravail/api_versions.py
    # Tags are the resource's segment after the version (personnes), not "v1".
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "francetravail.api_schema.erreurs_communes",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from our static files: no CDN, compatible with the CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# pghistory records who changed tracked rows. Only writing methods carry that
# context: reads never change tracked models (the access log is not tracked), and
# injecting the context costs every query of every page.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# Statement-level history triggers: still one event per changed row, but the context
# row is attached once per statement instead of once per row, so the bulk flows
# (CAF/MSA import: thousands of rows per statement) stay fast.
PGHISTORY_LEVEL = pgtrigger.Statement
# Event tables are read by object (pgh_obj) and by context, never by the other foreign
# keys they copy: indexing those would cost every insert of every tracked row (the
# CAF/MSA import writes three tracked rows per line) for no reader.
PGHISTORY_FOREIGN_KEY_FIELD = pghistory.ForeignKey(db_index=False)
PGHISTORY_OBJ_FIELD = pghistory.ObjForeignKey(db_index=True)
PGHISTORY_CONTEXT_FIELD = pghistory.ContextForeignKey(db_index=True)
# The history of every tracked row (people's files included) is for superusers only.
PGHISTORY_ADMIN_CLASS = "francetravail.audit.admin.HistoriqueAdmin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"simple": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "simple"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO: seven lines per contract PDF.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
