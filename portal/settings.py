"""Settings for the CĐS portal.

Every value comes from an environment variable with a safe default: a fresh clone runs on a
SQLite file, and production only needs DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS and REDIS_URL.
A malformed value raises ImproperlyConfigured instead of being guessed.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_number(name, default, kind, what):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return kind(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {what}, got {raw!r}") from None


def env_int(name, default):
    return env_number(name, default, int, "an integer")


def env_float(name, default):
    return env_number(name, default, float, "a number")


def env_list(name, default):
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


# Off unless asked for: `make run` turns it on for local browsing.
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "axes",
    # The second factor: TOTP apps (portal/curation/accounts.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Who changed what in the admin, with revert (SimpleHistoryAdmin).
    "simple_history",
    # The portal's layers that Django must know (management commands, template tags); the
    # content apps before curation, whose post_migrate needs their permissions.
    "portal.core",
    "portal.public",
    "provinces",
    "lessons",
    "portal.curation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.core.security.SecurityHeadersMiddleware",
    # A POST to a public page is a 405, before CSRF would answer it with a 403.
    "portal.core.security.ReadOnlySiteMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # ETag on every GET response and 304 for a matching If-None-Match or If-Modified-Since.
    "django.middleware.http.ConditionalGetMiddleware",
    # Anonymous pages from the shared cache, before session, CSRF, auth and messages run.
    "portal.core.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The admin in the language the editor chose (portal/curation/middleware.py).
    "portal.curation.middleware.AdminLanguageMiddleware",
    # A control character in an admin query string is a 400, not a database error.
    "portal.curation.middleware.AdminQueryMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A staff user's browser carries a mark of its session, so the page cache can tell an editor
    # from a made-up session cookie without reading the session (portal/core/pagecache.py).
    "portal.core.pagecache.EditorMarkMiddleware",
    # request.user.is_verified(): whether this session entered the second factor's code.
    "django_otp.middleware.OTPMiddleware",
    # A superuser without a verified session is sent to enrol or to enter the code.
    "portal.curation.accounts.SuperuserTwoFactorMiddleware",
    # Records the request's user on history rows written outside ModelAdmin.save_model (inlines, M2M).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: answers locked-out login attempts.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.public.context_processors.languages",
                # The date of the last data change, in every footer (portal/core/freshness.py).
                "portal.core.freshness.last_updated",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "portal.core.redis_cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "cds"),
            # A stalled Redis must cost a request a quarter of a second at most, and only until the
            # breaker opens: then Redis is not tried for 2 s (portal/core/redis_cache.py). The
            # cache fails open, so an outage costs a render, never a wait.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25, "breaker_seconds": 2.0},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Rendered anonymous pages stay in the cache this long (0: off); any data change retires them at
# once (portal/core/pagecache.py). Off under DEBUG so that template edits show immediately.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 600)
# How long browsers and CDNs may reuse a public answer without asking again. 0: they revalidate
# every time (a cheap 304), so an editor never sees a stale page after saving.
HTTP_CACHE_MAX_AGE = env_int("HTTP_CACHE_MAX_AGE", 0)
# Counts and facet counts are remembered per data version this long (0: off; portal/core/aggregates.py).
AGGREGATE_CACHE_SECONDS = env_int("AGGREGATE_CACHE_SECONDS", 3600)
# After a data change, the most visited pages (at most WARM_PAGES) are rendered under the new
# version for up to WARM_SECONDS before it becomes current, so their first readers do not pay for
# the recount (portal/core/warming.py). 0: off; the change then shows at once, unwarmed.
WARM_SECONDS = env_float("WARM_SECONDS", 1.0)
WARM_PAGES = env_int("WARM_PAGES", 30)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese is the primary language; English is complete too.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Where the reviewed data lives; the load command reads it.
FIXTURES_ROOT = Path(os.environ.get("FIXTURES_ROOT", BASE_DIR / "fixtures"))

# Production hardening: on unless DEBUG, each overridable for a TLS-terminating proxy setup.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# Only the admin uses sessions (the public site and the API are anonymous): a staff login lasts
# a working day, not Django's two weeks, so a forgotten browser does not stay signed in.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Read API (/api/v1/): anonymous, read-only JSON.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.PagePagination",
    "DEFAULT_SCHEMA_CLASS": "portal.api.autoschema.PortalAutoSchema",
    # `format` is validated by the API itself (json only), like the pages do.
    "URL_FORMAT_OVERRIDE": None,
    # Figures as JSON numbers (1562, 12.92), not strings.
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CĐS tỉnh API",
    # The description is translated: portal.api.schema.add_error_responses sets it per language.
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api.schema.add_error_responses",
    ],
}
# Anyone may read the API from a browser on another site; nothing else is cross-origin.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False

# The admin lives at its own path (set ADMIN_URL to move it); only staff may enter.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/")
if not ADMIN_URL.endswith("/") or ADMIN_URL.startswith("/"):
    raise ImproperlyConfigured(f"ADMIN_URL must look like 'path/', got {ADMIN_URL!r}")

# Login throttling (django-axes), stored in the database and so shared by all app servers. A
# username is locked after AXES_FAILURE_LIMIT failures from any addresses (a guessed password),
# and an address after as many failures on any usernames (one client trying many accounts).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# 15 minutes: 5 guesses per quarter hour (480 a day) is far too slow to find a real password,
# while an editor who mistyped, or an office sharing one address, waits a coffee break, not an hour.
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
# The locked-out answer: a page in the admin's style saying how long to wait (still a 429).
AXES_LOCKOUT_CALLABLE = "portal.curation.accounts.lockout_response"
# The client's address for throttling: X-Forwarded-For only from these reverse proxies
# (comma-separated IPs; portal/core/security.py). Empty: REMOTE_ADDR, the header ignored.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "portal.core.security.client_ip_address"

# The name an authenticator app shows beside the account (ASCII: some apps mangle the rest).
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "CDS tinh")
