"""Settings of the register, read from the environment in this one module.

With no environment at all the register runs as a development instance on SQLite with
development secrets. `TOR_ENVIRONMENT=production` only changes defaults and makes missing
secrets and unsafe switches hard failures; every behaviour difference is its own named setting.
See docs/configuration.md for the variables.
"""

import re
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
    # Django's admin with the register's site, which throttles failed logins (tor.admin_site).
    "tor.admin_apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "guardian",
    "oauth2_provider",
    # OpenAPI 3 schema of the API, and Swagger UI's files served from the package, not from a CDN.
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "registry",
    "authorities",
    # Health checks, metrics, JSON logs and retention (no models).
    "tor.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "registry.middleware.SecurityHeadersMiddleware",
    "registry.middleware.RequestIdMiddleware",
    # Counts and times each request under its route name, inside the request id's scope.
    "tor.ops.metrics.RequestMetricsMiddleware",
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
# PostgreSQL's JIT compiler added 28 ms to the admin's study-right list query at a million study
# rights, and 287 ms to a variant of it, because the planner's cost estimate for such a query is
# high. It pays off only for long analytical queries (docs/benchmarks.md). TOR_DATABASE_JIT=true
# turns it back on.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env.bool("TOR_DATABASE_JIT", default=False):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

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
# SecurityMiddleware sends these two on every response.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Probes and Prometheus reach the app servers over plain HTTP inside the network, without the
# proxy's X-Forwarded-Proto, so the health checks and metrics are not redirected to https.
SECURE_REDIRECT_EXEMPT = [r"^health/", r"^metrics$"]

# Content Security Policy and Permissions Policy that registry.middleware.SecurityHeadersMiddleware
# sends on every response. The pages load scripts and styles from the register's own static files
# only, so no inline script or style is allowed.
TOR_CONTENT_SECURITY_POLICY = env.str(
    "TOR_CONTENT_SECURITY_POLICY",
    default=(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
)
# Send the policy as Content-Security-Policy-Report-Only, which browsers report but do not enforce.
TOR_CSP_REPORT_ONLY = env.bool("TOR_CSP_REPORT_ONLY", default=False)
TOR_PERMISSIONS_POLICY = env.str(
    "TOR_PERMISSIONS_POLICY",
    default="camera=(), geolocation=(), microphone=(), payment=(), usb=()",
)

# Proxies in front of the register that append the client's address to X-Forwarded-For. The rate
# limits and the login lock-out read the client's address that many entries from the end of the
# header. With 0 they use REMOTE_ADDR and ignore the header.
TOR_NUM_PROXIES = env.int("TOR_NUM_PROXIES", default=1 if SECURE_PROXY_SSL_HEADER else 0)

# Mutual TLS of authority clients (tor.ops.client_certificates, deploy/nginx/tor.conf): the header
# in which the TLS proxy passes the client certificate it verified, URL-escaped PEM, and the
# proxies' addresses, the only ones whose header is read. Empty header name: mutual TLS is off.
# TOR_CLIENT_CERTIFICATES links certificates to API clients: `SHA256_FINGERPRINT=OAUTH2_CLIENT_ID, …`.
TOR_CLIENT_CERTIFICATE_HEADER = env.str("TOR_CLIENT_CERTIFICATE_HEADER", default="")
TOR_CLIENT_CERTIFICATE_PROXIES = env.list("TOR_CLIENT_CERTIFICATE_PROXIES", default=["127.0.0.1", "::1"])
try:
    from tor.ops.certificate_map import parse_certificate_map

    TOR_CLIENT_CERTIFICATES = parse_certificate_map(env.str("TOR_CLIENT_CERTIFICATES", default=""))
except ValueError as _error:
    raise ImproperlyConfigured(f"TOR_CLIENT_CERTIFICATES is invalid: {_error}") from None

# The cache keeps rate-limit counters and login failures. Local memory is per process, so
# production with several processes or servers needs a shared cache such as Redis
# (`redis://HOST:6379/1`).
CACHES = {"default": env.cache_url("TOR_CACHE_URL", default="locmemcache://")}

# Failed logins to the admin and failed HTTP Basic logins to the API, counted apart: after
# TOR_LOGIN_MAX_FAILURES failures of one user name from one address within the window, that pair
# is locked out for the lock-out time. An address is locked out for every user name after
# TOR_LOGIN_MAX_FAILURES_PER_ADDRESS failures within the window.
TOR_LOGIN_MAX_FAILURES = env.int("TOR_LOGIN_MAX_FAILURES", default=10)
TOR_LOGIN_MAX_FAILURES_PER_ADDRESS = env.int("TOR_LOGIN_MAX_FAILURES_PER_ADDRESS", default=100)
TOR_LOGIN_WINDOW_MINUTES = env.int("TOR_LOGIN_WINDOW_MINUTES", default=15)
TOR_LOGIN_LOCKOUT_MINUTES = env.int("TOR_LOGIN_LOCKOUT_MINUTES", default=15)


# HTTP Basic on the API, for provider systems that cannot use OAuth2 yet. Read on every request.
TOR_API_BASIC_AUTH = env.bool("TOR_API_BASIC_AUTH", default=True)
# Requests per API user (so per machine client) and per address of anonymous callers, in Django
# REST framework's form "N/second|minute|hour|day". An ApiClient's own rate limit overrides the
# first; registry administrators (superusers) are never limited.
TOR_API_RATE_LIMIT = env.str("TOR_API_RATE_LIMIT", default="6000/minute")
TOR_API_ANONYMOUS_RATE_LIMIT = env.str("TOR_API_ANONYMOUS_RATE_LIMIT", default="60/minute")
_RATE = re.compile(r"[1-9][0-9]{0,8}/(s|sec|second|m|min|minute|h|hour|d|day)")
for _name, _rate in [("TOR_API_RATE_LIMIT", TOR_API_RATE_LIMIT), ("TOR_API_ANONYMOUS_RATE_LIMIT", TOR_API_ANONYMOUS_RATE_LIMIT)]:
    if not _RATE.fullmatch(_rate):
        raise ImproperlyConfigured(f"{_name}={_rate!r} is invalid: write requests per period, such as 600/minute.")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "registry.api.authentication.AccessTokenAuthentication",
        "tor.ops.client_certificates.ClientCertificateAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "registry.api.authentication.SwitchableBasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "registry.api.permissions.TokenHasViewScope",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "registry.api.throttling.ClientRateThrottle",
        "registry.api.throttling.AnonymousRateThrottle",
    ],
    "NUM_PROXIES": TOR_NUM_PROXIES,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "EXCEPTION_HANDLER": "registry.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

# OAuth2 for machine clients (django-oauth-toolkit): only the client-credentials grant at
# /oauth2/token/, for the applications of authorities.models.ApiClient. Each client may request
# the scopes its ApiClient row lists. The RFC 9700 switches are all on: tokens are stored as
# hashes and accepted only in the Authorization header.
OAUTH2_PROVIDER = {
    "SCOPES": {
        "oppija:read": _("Read learners' study rights of the client's organisation"),
        "oppija:write": _("Write learners' study rights of the client's organisation"),
        "luovutus": _("Receive learners' data under the client's data-sharing agreement"),
    },
    "SCOPES_BACKEND_CLASS": "authorities.oauth2.ApiClientScopes",
    "OAUTH2_VALIDATOR_CLASS": "authorities.oauth2.ApiClientValidator",
    "ACCESS_TOKEN_EXPIRE_SECONDS": env.int("TOR_OAUTH2_ACCESS_TOKEN_SECONDS", default=3600),
    "PKCE_REQUIRED": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
}
# Named so that authorities.models.ApiClient and its migration can refer to the application model.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"

# Keys of personal identity codes, newest first: the first key encrypts and makes the stored
# lookup hash, every key decrypts, and lookups try the hash of every key. After a new first key,
# `manage.py rotate_identity_code_keys` moves every stored value to it (docs/configuration.md).
# Each key is 32 bytes in URL-safe base64.
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

# Citizens' login through Suomi.fi e-identification with OpenID Connect (mozilla-django-oidc, used
# by registry.citizen.oidc only: citizens get no Django user, the session keeps the learner OID).
# On by default in production, where the provider's endpoints and the client's credentials are
# then required. The learner is found by the identity code in the claim TOR_OIDC_IDENTITY_CODE_CLAIM.
TOR_SUOMIFI_IDENTIFICATION = env.bool("TOR_SUOMIFI_IDENTIFICATION", default=IS_PRODUCTION_PROFILE)
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("TOR_OIDC_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("TOR_OIDC_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("TOR_OIDC_USERINFO_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("TOR_OIDC_JWKS_ENDPOINT", default="")
OIDC_OP_LOGOUT_ENDPOINT = env.str("TOR_OIDC_LOGOUT_ENDPOINT", default="")
OIDC_RP_CLIENT_ID = env.str("TOR_OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("TOR_OIDC_CLIENT_SECRET", default="")
OIDC_RP_SIGN_ALGO = env.str("TOR_OIDC_SIGN_ALGORITHM", default="RS256")
OIDC_RP_SCOPES = env.str("TOR_OIDC_SCOPES", default="openid profile personal_identity_code")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env.int("TOR_OIDC_TIMEOUT", default=10)
OIDC_AUTHENTICATION_CALLBACK_URL = "citizen:oidc-callback"
TOR_OIDC_IDENTITY_CODE_CLAIM = env.str("TOR_OIDC_IDENTITY_CODE_CLAIM", default="nationalIdentificationNumber")
if TOR_SUOMIFI_IDENTIFICATION:
    _missing_oidc = [
        name for name, value in [
            ("TOR_OIDC_AUTHORIZATION_ENDPOINT", OIDC_OP_AUTHORIZATION_ENDPOINT),
            ("TOR_OIDC_TOKEN_ENDPOINT", OIDC_OP_TOKEN_ENDPOINT),
            ("TOR_OIDC_JWKS_ENDPOINT", OIDC_OP_JWKS_ENDPOINT if OIDC_RP_SIGN_ALGO.startswith(("RS", "ES", "PS")) else "-"),
            ("TOR_OIDC_CLIENT_ID", OIDC_RP_CLIENT_ID),
            ("TOR_OIDC_CLIENT_SECRET", OIDC_RP_CLIENT_SECRET),
        ] if not value
    ]
    if _missing_oidc:
        raise ImproperlyConfigured(
            f"TOR_SUOMIFI_IDENTIFICATION is on, but {', '.join(_missing_oidc)} is missing: set the Suomi.fi "
            "OpenID Connect endpoints and the register's client credentials, or set TOR_SUOMIFI_IDENTIFICATION=false."
        )
    if IS_PRODUCTION_PROFILE and not all(
        url.startswith("https://") for url in (OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_TOKEN_ENDPOINT)
    ):
        raise ImproperlyConfigured("The OpenID Connect endpoints must use https:// in production.")

# The address of accessibility feedback that the accessibility statement gives. Empty: the
# statement names the registry keeper without an address.
TOR_ACCESSIBILITY_FEEDBACK_EMAIL = env.str("TOR_ACCESSIBILITY_FEEDBACK_EMAIL", default="")

# Organisation of the Matriculation Examination Board, the only provider of matriculation records.
TOR_MATRICULATION_BOARD_OID = env.str(
    "TOR_MATRICULATION_BOARD_OID", default="1.2.246.562.10.43628088406"
)
# The agency's own root organisation, the root of the organisation hierarchy.
TOR_ROOT_ORGANISATION_OID = "1.2.246.562.10.00000000001"

# Endpoints of the national registers that `import_virta endpoint` and `import_ytr endpoint` read.
# Empty turns the endpoint off; the commands then read saved responses from a folder only.
# VIRTA, the higher-education achievement register: its SOAP service and the caller's system
# name, user and key (Kutsuja: jarjestelma, tunnus, avain).
TOR_VIRTA_URL = env.str("TOR_VIRTA_URL", default="")
TOR_VIRTA_SYSTEM = env.str("TOR_VIRTA_SYSTEM", default="")
TOR_VIRTA_USER = env.str("TOR_VIRTA_USER", default="")
TOR_VIRTA_KEY = env.str("TOR_VIRTA_KEY", default="")
# YTR, the Matriculation Examination Board's register: base URL and HTTP Basic credentials.
TOR_YTR_URL = env.str("TOR_YTR_URL", default="")
TOR_YTR_USERNAME = env.str("TOR_YTR_USERNAME", default="")
TOR_YTR_PASSWORD = env.str("TOR_YTR_PASSWORD", default="")
# Seconds to wait for one answer of VIRTA or YTR before the import stops.
TOR_SOURCE_REGISTER_TIMEOUT = env.int("TOR_SOURCE_REGISTER_TIMEOUT", default=60)

# Base URLs of the national services that master the reference data, which
# `load_reference_data --from-endpoints` reads: the code-set service (koodisto-service), the
# organisation service (organisaatio-service) and ePerusteet (eperusteet-service). Empty leaves
# the service out; the command then reads a folder only.
TOR_KOODISTO_URL = env.str("TOR_KOODISTO_URL", default="")
TOR_ORGANISAATIO_URL = env.str("TOR_ORGANISAATIO_URL", default="")
TOR_EPERUSTEET_URL = env.str("TOR_EPERUSTEET_URL", default="")
# Seconds to wait for one answer of a reference-data service.
TOR_REFERENCE_DATA_TIMEOUT = env.int("TOR_REFERENCE_DATA_TIMEOUT", default=60)

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
# Workers keep the handlers of LOGGING, with the identity-code filter, instead of Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_ACCEPT_CONTENT = ["json"]
# Celery beat seals the audit trail every minute. Without a broker nothing runs the schedule:
# run `python manage.py seal_audit_trail` from cron instead.
CELERY_BEAT_SCHEDULE = {
    "seal-audit-trail": {"task": "registry.seal_audit_trail", "schedule": 60.0},
    "expire-bulk-datasets": {"task": "authorities.expire_datasets", "schedule": 3600.0},
    # Retention (tor.ops.retention): once a day; `manage.py apply_retention` does the same by hand.
    "apply-retention": {"task": "tor.ops.apply_retention", "schedule": 86400.0},
}

# Bulk datasets of the disclosure API: the folder their files are written to, and the seconds a
# signed download link stays valid. An agreement sets how many hours a file is kept.
TOR_DATASET_ROOT = env.path("TOR_DATASET_ROOT", default=BASE_DIR / "var" / "datasets")
TOR_DATASET_LINK_SECONDS = env.int("TOR_DATASET_LINK_SECONDS", default=900)
# Aggregate statistics withhold every count from 1 to this value minus one, and the counts that
# would reveal them (authorities.selectors.aggregates).
TOR_AGGREGATE_MIN_CELL = env.int("TOR_AGGREGATE_MIN_CELL", default=5)
if TOR_AGGREGATE_MIN_CELL < 2:
    raise ImproperlyConfigured(f"TOR_AGGREGATE_MIN_CELL={TOR_AGGREGATE_MIN_CELL} is invalid: use 2 or more.")

# The OpenAPI 3 document at /api/v1/schema/ and Swagger UI at /api/v1/docs/ (registry.api.schema).
# Swagger UI's scripts and styles come from the drf-spectacular-sidecar package as static files,
# because the Content Security Policy allows scripts from the register's own origin only.
SPECTACULAR_SETTINGS = {
    "TITLE": "TOR API",
    "DESCRIPTION": (
        "The register of verified competence: the provider API in the national transfer format "
        "(also under /koski/api/) and the disclosure API for authorities under /api/v1/luovutus/."
    ),
    "VERSION": "1",
    # OpenAPI 3.1, because 3.0 has no security scheme for mutual TLS (tor.ops.client_certificates).
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["registry.api.schema.drop_national_aliases"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "registry.api.schema.add_error_catalogue",
    ],
}

# Days that audit events are kept; `apply_audit_retention` removes older ones. Empty keeps them all.
TOR_AUDIT_RETENTION_DAYS = env.int("TOR_AUDIT_RETENTION_DAYS", default=None)
# Retention that `apply_retention` and its daily task apply (docs/operations.md). Days after the
# failed transfer the document sent is removed from the transfer log (the error row stays), and
# days after expiry or revocation a share link is removed. Empty keeps them. Sessions go when they
# expire (SESSION_COOKIE_AGE), bulk dataset files when their agreement's period ends.
TOR_RETENTION_FAILED_TRANSFER_DAYS = env.int("TOR_RETENTION_FAILED_TRANSFER_DAYS", default=90)
TOR_RETENTION_SHARE_LINK_DAYS = env.int("TOR_RETENTION_SHARE_LINK_DAYS", default=30)
for _name, _days in [
    ("TOR_AUDIT_RETENTION_DAYS", TOR_AUDIT_RETENTION_DAYS),
    ("TOR_RETENTION_FAILED_TRANSFER_DAYS", TOR_RETENTION_FAILED_TRANSFER_DAYS),
    ("TOR_RETENTION_SHARE_LINK_DAYS", TOR_RETENTION_SHARE_LINK_DAYS),
]:
    if _days is not None and _days < 1:
        raise ImproperlyConfigured(f"{_name}={_days} is invalid: give a whole number of days, 1 or more, or leave it empty.")

LOG_LEVEL = env.str("TOR_LOG_LEVEL", default="INFO")
# `plain` lines for a terminal, or `json`: one JSON object a line with the request id (tor.ops.logging).
TOR_LOG_FORMAT = env.str("TOR_LOG_FORMAT", default="json" if IS_PRODUCTION_PROFILE else "plain")
if TOR_LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"TOR_LOG_FORMAT={TOR_LOG_FORMAT!r} is invalid: use plain or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_identity_codes": {"()": "registry.logging.IdentityCodeMaskingFilter"},
        "mask_share_secrets": {"()": "registry.logging.ShareSecretMaskingFilter"},
        "request_id": {"()": "tor.ops.logging.RequestIdFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "tor.ops.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": TOR_LOG_FORMAT,
            "filters": ["mask_identity_codes", "mask_share_secrets", "request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's default logging gives these loggers handlers without the masking filter (the
        # development server's request lines, and a console copy of every django.* record when
        # DEBUG is on). Naming them here removes those handlers, so their records reach the root's.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "INFO"},
    },
}
