"""Settings for the innovations locales platform, driven by environment variables.

Every variable is listed in `.env.example`. Production differs from development only
through the environment: with DEBUG=0 the HTTPS and cookie hardening below switch on.
"""

import os
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
import xstatic.pkg.leaflet_markercluster
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------

# Secure by default: development must opt in with DEBUG=1 (the Makefile does).
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
_INSECURE_PREFIX = "django-insecure"
if not SECRET_KEY and DEBUG:
    SECRET_KEY = f"{_INSECURE_PREFIX}-development-only-key-never-use-in-production"
if not DEBUG and (
    len(SECRET_KEY) < 50 or SECRET_KEY.startswith(_INSECURE_PREFIX) or len(set(SECRET_KEY)) < 5
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value when DEBUG=0 "
        "(at least 50 characters; generate one with "
        "`python -c 'from django.core.management.utils import get_random_secret_key as k; "
        "print(k())'`). For local development, set DEBUG=1."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "aimf_innovation.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # Third-party
    "csp",
    "django_countries",
    "django_filters",
    "leaflet",
    "rest_framework",
    "simple_history",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rest_framework_api_key",
    "allauth",
    "allauth.account",
    # Only for the French translations of zxcvbn's password advice (accounts.validators).
    "django_zxcvbn_password_validator",
    # The e-mail queue (django-mailer): messages are rows, sent by the worker.
    "mailer",
    # Project apps, in dependency order: cities <- actors <- workshops; partners (API keys)
    # depends on none of them.
    "partners",
    "cities",
    # Reviewed edits: the one engine of pending revisions, used by actors and innovations.
    "revisions",
    "actors",
    "workshops",
    # Importing actors from other directories; depends on cities and actors.
    "imports",
    # The forge of North–South adaptations: innovations of actors and their adaptations.
    "innovations",
    # Accounts: profile, personal data, roles; uses the apps above.
    "accounts",
    # Statistics and the full data export; reads all of the apps above.
    "stats",
    # Backups of the database and media files (manage.py backup / restore); reads all apps.
    "backups",
    # Open data: OGC API – Features, the open data page, sitemaps, robots.txt; reads them all.
    "opendata",
    # Operations: health endpoints, the worker and its jobs, request ids, the 503 page.
    "ops",
]

MIDDLEWARE = [
    # First, so that every log line of the request carries its id.
    "ops.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control and Vary for shared caches (outermost after static files, so that it
    # sees the final answer: 304s, gzip, Vary: Cookie from the session, CSRF cookies).
    "aimf_innovation.http_cache.HttpCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "partners.middleware.RateLimitHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Refuses unusable text, non-ASCII integers, too large or too deep bodies (400/413/414).
    "cities.middleware.HostileInputMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "aimf_innovation.urls"
WSGI_APPLICATION = "aimf_innovation.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------

# SQLite is the embedded default; production sets DATABASE_URL=postgres://...
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite under concurrent requests: WAL lets readers run beside the writer, writes
    # start with BEGIN IMMEDIATE (no "database is locked" when a read turns into a write)
    # and wait up to SQLITE_BUSY_TIMEOUT seconds for the lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    })
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Seconds a client is asked to wait (Retry-After) when the database is unreachable.
DB_UNAVAILABLE_RETRY_AFTER = int(os.environ.get("DB_UNAVAILABLE_RETRY_AFTER", "30"))

# --- Cache ------------------------------------------------------------------------

# REDIS_URL (e.g. redis://127.0.0.1:6379/0) selects Redis; otherwise a per-process cache.
# Degrade, never fail: a Redis error is logged and read as a miss (django-redis's
# IGNORE_EXCEPTIONS), so an outage costs speed, not pages; rate limits then fail open.
if os.environ.get("REDIS_URL"):
    _redis_timeout = float(os.environ.get("REDIS_TIMEOUT", "0.5"))
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "aimf",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": _redis_timeout,
                "SOCKET_TIMEOUT": _redis_timeout,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "ops.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# django-ratelimit lets a request through when its counter cannot be read.
RATELIMIT_FAIL_OPEN = True

# --- HTTP caching by a proxy or CDN (aimf_innovation/http_cache.py) -----------------

# Anonymous answers are `public, max-age=0, s-maxage=<this>`: a shared cache may serve them
# this many seconds, so an edit shows through the cache at most this late (0: no sharing).
HTTP_CACHE_S_MAXAGE = int(os.environ.get("HTTP_CACHE_S_MAXAGE", "60"))
# Sessions live in the database (Django's default engine), shared by every instance.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Authentication ---------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"

# django-allauth: sign-up by e-mail, verified before the first login; answers never tell
# whether an address is registered; failed logins, sign-ups and resets are rate-limited
# per IP and per address (in the cache: Redis in production); a honeypot field on sign-up.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "organisation_fax"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[innovations locales] "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/300s/key",
    "signup": "5/m/ip,20/h/ip",
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Guessability (zxcvbn): refuses `aaaaaaaaaaaa`, `azertyuiop12`, a name and a year...
    {"NAME": "accounts.validators.PasswordStrengthValidator"},
]
# zxcvbn's score from 0 to 4; 3 = "safe unless our database is stolen and attacked offline".
PASSWORD_MINIMAL_STRENGTH = 3

# --- Internationalisation -----------------------------------------------------------

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# --- Static and media files ---------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Leaflet.markercluster from its XStatic package (no CDN, nothing pasted).
    ("markercluster", xstatic.pkg.leaflet_markercluster.BASE_DIR),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# The application serves /media/ (images as images, anything else as a download); 0 when
# the proxy serves MEDIA_ROOT itself (docs/operators.md).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed files with content hashes in their names, served by WhiteNoise.
    "staticfiles": {"BACKEND": "aimf_innovation.storage.StaticFilesStorage"},
}

# --- E-mail -----------------------------------------------------------------------

# Every message goes to a queue in the database (django-mailer), in the transaction of
# what caused it; the worker (`manage.py run_worker`, or `send_queued_mail`) sends it with
# retries and backoff through MAILER_EMAIL_BACKEND: console by default, SMTP with EMAIL_HOST.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = "mailer.backend.DbBackend"
MAILER_EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
# Database row locks keep two workers from sending one message twice (no lock file).
MAILER_USE_FILE_LOCK = False
MAILER_ERROR_HANDLER = "ops.mail.defer_with_backoff"
# A failed message is retried after MAIL_RETRY_BASE_SECONDS, doubling each time up to
# MAIL_RETRY_MAX_SECONDS, at most MAIL_MAX_ATTEMPTS times (then it waits for an operator).
MAIL_RETRY_BASE_SECONDS = int(os.environ.get("MAIL_RETRY_BASE_SECONDS", "60"))
MAIL_RETRY_MAX_SECONDS = int(os.environ.get("MAIL_RETRY_MAX_SECONDS", str(6 * 3600)))
MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "12"))
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "innovations-locales@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address, for links in e-mails sent outside a request (reminders from cron).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# --- Maps -------------------------------------------------------------------------

TILES_URL = os.environ.get("TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
TILES_ATTRIBUTION = os.environ.get(
    "TILES_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
# Above this many matching actors the map feed sends server-side clusters for the
# viewport instead of every point (see docs/development.md, "How the map works").
MAP_POINT_LIMIT = int(os.environ.get("MAP_POINT_LIMIT", "20000"))

LEAFLET_CONFIG = {
    "TILES": [(_("Map"), TILES_URL, {"attribution": TILES_ATTRIBUTION, "maxZoom": 19})],
    "DEFAULT_CENTER": (20.0, 10.0),
    "DEFAULT_ZOOM": 2,
    "MIN_ZOOM": 2,
    "MAX_ZOOM": 19,
    "RESET_VIEW": False,
}

# --- Security headers ---------------------------------------------------------------

_tiles_origin = "{0.scheme}://{0.netloc}".format(urlparse(TILES_URL.replace("{s}", "a")))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", _tiles_origin],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # the embeddable map opts out explicitly
SESSION_COOKIE_HTTPONLY = True

if not DEBUG:
    # Production: HTTPS everywhere. SECURE_SSL_REDIRECT=0 only behind a proxy that
    # already redirects; SECURE_PROXY_SSL_HEADER trusts X-Forwarded-Proto from it.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Health probes of a load balancer or orchestrator speak plain HTTP to the process.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Client addresses and rate limits ----------------------------------------------

# How many proxies of ours stand in front of the application (0: none, clients connect
# directly). Every rate limit (DRF, allauth, django-ratelimit) reads the client's address
# through aimf_innovation.client_ip, which trusts only that many X-Forwarded-For hops.
# See docs/proxies-and-limits.md.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")
RATELIMIT_IP_META_KEY = "aimf_innovation.client_ip.client_ip"

# --- Input limits (docs/input-limits.md) --------------------------------------------

# JSON bodies (the API's writes) above this many bytes are refused with a 413.
API_MAX_JSON_BODY_BYTES = int(os.environ.get("API_MAX_JSON_BODY_BYTES", str(1024 * 1024)))
# JSON nesting deeper than this is refused with a 400 before it is parsed.
JSON_MAX_DEPTH = int(os.environ.get("JSON_MAX_DEPTH", "32"))
# Form bodies (files excepted) above this many bytes are refused with a 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(
    os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(2 * 1024 * 1024)))
# Query strings longer than this are refused with a 414.
MAX_QUERY_STRING_BYTES = int(os.environ.get("MAX_QUERY_STRING_BYTES", "8192"))
# Query parameters that are whole numbers: ASCII digits only, else a 400 naming them.
# (Views with their own JSON errors check theirs: the map feed's zoom.)
INTEGER_QUERY_PARAMETERS = ("page", "page_size", "limit", "offset")

# --- Django REST framework ----------------------------------------------------------

REST_FRAMEWORK = {
    # Secure by default: public read endpoints opt in explicitly.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "cities.api.settings_hooks.PageNumberPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "cities.api.settings_hooks.api_exception_handler",
    # Partners authenticate with an API key (Authorization: Bearer); there is no session
    # authentication in the API, so that writes can only come with a key.
    "DEFAULT_AUTHENTICATION_CLASSES": ["partners.authentication.APIKeyAuthentication"],
    # Anonymous reading is throttled per IP; a key's requests count against its daily quota.
    "DEFAULT_THROTTLE_CLASSES": [
        "aimf_innovation.client_ip.AnonRateThrottle",
        "partners.throttling.APIKeyQuotaThrottle",
    ],
    # Stock DRF throttles ignore forwarded headers unless proxies are trusted (ours use
    # aimf_innovation.client_ip; see "Client addresses" below).
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "300/minute")},
    "URL_FORMAT_OVERRIDE": "format",
    # An explicit ?format= wins whatever the Accept header (GDAL, QGIS, browsers).
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "cities.api.settings_hooks.FormatFirstNegotiation",
}

# Freshness of the directory: owners are asked to confirm their entry after this many
# months; the link they get is valid this many days; entries still unconfirmed this many
# days after the reminder are archived.
ACTOR_CONFIRMATION_MONTHS = int(os.environ.get("ACTOR_CONFIRMATION_MONTHS", "12"))
ACTOR_CONFIRMATION_LINK_DAYS = int(os.environ.get("ACTOR_CONFIRMATION_LINK_DAYS", "30"))
ACTOR_CONFIRMATION_GRACE_DAYS = int(os.environ.get("ACTOR_CONFIRMATION_GRACE_DAYS", "60"))

# Requests a partner's key may make per day (UTC) unless staff set another quota.
API_KEY_DAILY_QUOTA = int(os.environ.get("API_KEY_DAILY_QUOTA", "10000"))

# The actors' change feed (/api/v1/actors/changes/) holds back changes younger than this
# many seconds: a transaction still open could otherwise be skipped by a partner's cursor.
ACTOR_CHANGES_SETTLE_SECONDS = int(os.environ.get("ACTOR_CHANGES_SETTLE_SECONDS", "5"))

# Rendered API answers of actors up to this size are cached under their ETag (0: off).
API_RESPONSE_CACHE_MAX_BYTES = int(os.environ.get("API_RESPONSE_CACHE_MAX_BYTES", "262144"))

# --- Costly anonymous requests (searches, the map feed, full exports) ---------------

# Per client address (cities.ratelimits), e.g. "60/m"; empty: no limit. Searches count on
# the map, directory, people, innovations and action plan pages (only with a `q`).
SEARCH_RATE_LIMIT = os.environ.get("SEARCH_RATE_LIMIT", "60/m")
MAP_FEED_RATE_LIMIT = os.environ.get("MAP_FEED_RATE_LIMIT", "240/m")
# GeoJSON and CSV exports of actors up to this size are cached under their ETag after the
# first request (0: off); pages and small answers use API_RESPONSE_CACHE_MAX_BYTES.
EXPORT_CACHE_MAX_BYTES = int(os.environ.get("EXPORT_CACHE_MAX_BYTES", str(64 * 1024 * 1024)))

# CORS: the read API may be called from any site's JavaScript, without credentials.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
# Writes need an API key in the Authorization header (never cookies: no credentials).
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH"]
CORS_EXPOSE_HEADERS = [
    "ETag", "Last-Modified", "Location", "Retry-After",
    "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset",
]
CORS_ALLOW_CREDENTIALS = False

SPECTACULAR_SETTINGS = {
    "TITLE": "innovations locales API",
    "DESCRIPTION": (
        "Open data on the actors of local innovation in the cities of the AIMF. "
        "Reading is open to everyone (throttled per IP). Errors always have the shape "
        '{"status": 400, "detail": "...", "errors": {"field": ["message"]}}. '
        "Send Accept-Language: en for English names (French by default).\n\n"
        # Keys, formats and the open data page (opendata app).
        "**API keys.** Reading needs no key. A key lifts the per-address limit to a daily "
        "quota, and a key with the write scope submits organisations. Sign in, open your "
        "account page (/accounts/profile/, section API keys), create a key, and send it in "
        "every request as the header `Authorization: Bearer <key>`.\n\n"
        "**Formats.** `?format=geojson` or `?format=csv` (every match, not paginated) win "
        "over the Accept header. GIS tools can also read the OGC API – Features at /ogc/. "
        "Partners keeping a copy follow /api/v1/actors/changes/.\n\n"
        "Licence (CC BY 4.0), downloads, QGIS and the embeddable map: "
        "[the open data page](/open-data/) ([English](/en/open-data/))."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cities.api.schema.add_error_responses",
    ],
}

# --- Reviewed edits and moderation ------------------------------------------------------
# Fields an owner may change on a published item without review, comma-separated, as
# "field" (any item) or "app_label.model.field" (e.g. "actors.actor.phone"). Default: none.
REVIEW_EXEMPT_FIELDS = [
    name.strip() for name in os.environ.get("REVIEW_EXEMPT_FIELDS", "").split(",")
    if name.strip()
]

# Submissions (new entries, resubmissions, proposed changes) allowed per user, whatever
# the way (web forms, every API key of the user); 0 means no limit.
SUBMISSIONS_PER_HOUR = int(os.environ.get("SUBMISSIONS_PER_HOUR", "10"))
SUBMISSIONS_PER_DAY = int(os.environ.get("SUBMISSIONS_PER_DAY", "30"))


# --- Logging, error reports, the worker -------------------------------------------------

# Errors reach people: ADMINS get an e-mail for every server error (through the queue),
# e.g. ADMINS="Ops <ops@example.org>, dev@example.org"; Sentry too when SENTRY_DSN is set.
ADMINS = [
    (name, address)
    for name, address in getaddresses([os.environ.get("ADMINS", "")])
    if address
]
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
    )

# Logs: JSON lines (one object a line, with the request id) by default in production,
# plain text in development; LOG_FORMAT=json|text chooses.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "ops.logging.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        },
        "mail_admins": {
            "class": "ops.logging.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
    },
}
# X-Request-ID from the client is kept only behind a trusted proxy (BEHIND_TLS_PROXY=1 or
# TRUSTED_PROXY_COUNT > 0) and only when it looks like an id; otherwise one is made.
TRUST_REQUEST_ID_HEADER = (
    env_bool("BEHIND_TLS_PROXY", False) or int(os.environ.get("TRUSTED_PROXY_COUNT") or 0) > 0
)

# The worker (`manage.py run_worker`): one process runs every periodic job below; each
# job is a management command, run every N seconds or once a day at HH:MM (UTC). Other
# periodic work (backups, moderation digests) adds a line here.
WORKER_DAILY_AT = os.environ.get("WORKER_DAILY_AT", "03:00")
WORKER_JOBS = [
    {"command": "send_queued_mail",
     "every": int(os.environ.get("WORKER_MAIL_INTERVAL", "10"))},
    {"command": "send_confirmation_reminders", "daily_at": WORKER_DAILY_AT},
    # Moderation digests and reminders (docs/moderation-digests.md).
    {"command": "send_moderation_digests", "every": 3600},
    {"command": "send_moderation_reminders", "daily_at": WORKER_DAILY_AT},
]
# Daily backups by the worker into BACKUP_DIR/<UTC time>/ (manage.py scheduled_backup),
# keeping the newest BACKUP_KEEP; none when BACKUP_DIR is empty.
BACKUP_DIR = os.environ.get("BACKUP_DIR", "")
BACKUP_KEEP = max(1, int(os.environ.get("BACKUP_KEEP", "7")))
if BACKUP_DIR:
    WORKER_JOBS.append({"command": "scheduled_backup", "daily_at": WORKER_DAILY_AT})
# /readyz/: these checks make it answer 503; the others only report "degraded" (a Redis
# outage or a stopped worker should not take the site out of a load balancer).
READYZ_CRITICAL = env_list("READYZ_CRITICAL", "database,migrations")
# The worker is "late" after this many seconds without a heartbeat; the e-mail queue is
# "backlogged" when a message due for sending has waited longer than this.
WORKER_HEARTBEAT_MAX_AGE = int(os.environ.get("WORKER_HEARTBEAT_MAX_AGE", "180"))
MAIL_BACKLOG_MAX_AGE = int(os.environ.get("MAIL_BACKLOG_MAX_AGE", "900"))

# --- Moderation digests and reminders (docs/moderation-digests.md) ----------------

# How a moderator who has not chosen hears of waiting items: "immediately", "hourly", "daily".
MODERATION_NOTICE_DEFAULT = "hourly"
# An item waiting this many days reminds the city's officials; after the second number,
# AIMF staff (is_staff) are told too.
MODERATION_REMINDER_DAYS = int(os.environ.get("MODERATION_REMINDER_DAYS", "7"))
MODERATION_ESCALATION_DAYS = int(os.environ.get("MODERATION_ESCALATION_DAYS", "14"))

# --- Platform ---------------------------------------------------------------------

# Attribution shown wherever third-party data appears (site footer, README).
DATA_ATTRIBUTIONS = [
    {
        "name": "African Tech Hubs (Oluwafemi Azeez)",
        "url": "https://github.com/kantologist/African-tech-hubs",
        "licence": "CC BY 4.0",
    },
    {"name": "GeoNames", "url": "https://www.geonames.org/", "licence": "CC BY 4.0"},
]
# The licence of the platform's own data, stated in every export (API CSV/GeoJSON, export_data).
# CC BY 4.0 like the sources above, whose attribution travels with it.
DATA_LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
DATA_PUBLISHER = "innovations locales (AIMF)"
