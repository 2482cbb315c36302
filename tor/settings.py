"""Settings of the register, read from the environment in this one module.

With no environment at all the register runs as a development instance on SQLite with
development secrets. `TOR_ENVIRONMENT=production` only changes defaults and makes missing
secrets and unsafe switches hard failures; every behaviour difference is its own named setting.
See docs/configuration.md for the variables.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

TOR_ENVIRONMENT = env.str("TOR_ENVIRONMENT", default="development")
if TOR_ENVIRONMENT not in ("development", "test", "production"):
    raise ImproperlyConfigured(
        f"TOR_ENVIRONMENT={TOR_ENVIRONMENT!r} is invalid: use development, test or production."
    )
IS_PRODUCTION_PROFILE = TOR_ENVIRONMENT == "production"

# Development values, valid only outside production. `manage.py check --deploy` flags them too.
DEVELOPMENT_SECRET_KEY = "tor-development-secret-key-never-use-in-production-0123456789abcdef"
DEVELOPMENT_IDENTITY_CODE_KEY = "dG9yLWRldmVsb3BtZW50LWlkZW50aXR5LWNvZGUtayE="


def _required_in_production(name, development_value):
    value = env.str(name, default="")
    if value:
        return value
    if IS_PRODUCTION_PROFILE:
        raise ImproperlyConfigured(f"{name} is missing: production needs its own value.")
    return development_value


SECRET_KEY = _required_in_production("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=[] if IS_PRODUCTION_PROFILE else ["127.0.0.1", "localhost", "[::1]", "testserver"],
)
if IS_PRODUCTION_PROFILE and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is missing: list the register's host names.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "guardian",
    "registry",
    "authorities",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "registry.middleware.RequestIdMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tor.urls"
WSGI_APPLICATION = "tor.wsgi.application"

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

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'tor.sqlite3'}"
    ),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # The embedded default serves a demo: wait for the writer lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 30)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-guardian: no anonymous user row, because anonymous callers never get object rights.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "var" / "static")
if not IS_PRODUCTION_PROFILE:
    # whitenoise warns about a missing folder; in production collectstatic creates it.
    Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION_PROFILE
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
    },
}
# Serve static files from the app directories too, so `runserver` without DEBUG shows the admin
# styled without a collectstatic run (whitenoise finds them through the finders).
WHITENOISE_USE_FINDERS = not IS_PRODUCTION_PROFILE

LOGIN_URL = "admin:login"

# Security switches: safe for loopback development by default, all on in the production profile.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=IS_PRODUCTION_PROFILE)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=IS_PRODUCTION_PROFILE)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=IS_PRODUCTION_PROFILE)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000 if IS_PRODUCTION_PROFILE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool(
    "DJANGO_BEHIND_TLS_PROXY", default=IS_PRODUCTION_PROFILE
) else None
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"


REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        *(
            ["rest_framework.authentication.BasicAuthentication"]
            if env.bool("TOR_API_BASIC_AUTH", default=True)
            else []
        ),
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "EXCEPTION_HANDLER": "registry.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

# Keys of personal identity codes: the first key encrypts, every key decrypts (rotation).
# The keyed lookup hash always uses the first key, so changing the first key needs every stored
# hash computed again. Each key is 32 bytes in URL-safe base64.
TOR_IDENTITY_CODE_KEYS = [
    key.strip()
    for key in _required_in_production("TOR_IDENTITY_CODE_KEYS", DEVELOPMENT_IDENTITY_CODE_KEY).split(",")
    if key.strip()
]

# Identity codes with an individual number of 900-999 are for testing only.
TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES = env.bool(
    "TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES", default=not IS_PRODUCTION_PROFILE
)

# The demo's test identification page; production refuses to start with it on.
TOR_TEST_IDENTIFICATION = env.bool("TOR_TEST_IDENTIFICATION", default=False)
if IS_PRODUCTION_PROFILE and TOR_TEST_IDENTIFICATION:
    raise ImproperlyConfigured(
        "TOR_TEST_IDENTIFICATION is on: production must identify citizens through Suomi.fi only."
    )

# Organisation of the Matriculation Examination Board, the only provider of matriculation records.
TOR_MATRICULATION_BOARD_OID = env.str(
    "TOR_MATRICULATION_BOARD_OID", default="1.2.246.562.10.43628088406"
)
# The agency's own root organisation, the root of the organisation hierarchy.
TOR_ROOT_ORGANISATION_OID = "1.2.246.562.10.00000000001"

# Limits of an incoming transfer document. The largest real documents are a few hundred kilobytes;
# a body may hold a batch of learners. Django's own limit on bodies read into memory follows it.
TOR_MAX_DOCUMENT_BYTES = env.int("TOR_MAX_DOCUMENT_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = TOR_MAX_DOCUMENT_BYTES
TOR_MAX_DOCUMENT_DEPTH = env.int("TOR_MAX_DOCUMENT_DEPTH", default=32)

# Background jobs: Celery with the broker in CELERY_BROKER_URL; without a broker, tasks run in
# the calling process, which is the embedded default.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Celery beat seals the audit trail every minute. Without a broker nothing runs the schedule:
# run `python manage.py seal_audit_trail` from cron instead.
CELERY_BEAT_SCHEDULE = {
    "seal-audit-trail": {"task": "registry.seal_audit_trail", "schedule": 60.0},
}

# Days that audit events are kept; `apply_audit_retention` removes older ones. Empty keeps them all.
TOR_AUDIT_RETENTION_DAYS = env.int("TOR_AUDIT_RETENTION_DAYS", default=None)

LOG_LEVEL = env.str("TOR_LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_identity_codes": {"()": "registry.logging.IdentityCodeMaskingFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_identity_codes"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
    },
}
