"""The settings in fresh processes: the production profile passes Django's deployment checks, and
DATABASE_URL alone gives a working loopback instance with HTTP Basic on and no HTTPS redirect."""

import base64
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def database_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        pytest.skip("set DATABASE_URL: the settings are checked against the tests' database server")
    return url


def manage(environment, *arguments):
    """Run manage.py in a child process with exactly `environment` (plus PATH) and return the completed process."""
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT, env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **environment},
        capture_output=True, text=True, timeout=300,
    )


def production_environment():
    return {
        "DATABASE_URL": database_url(),
        "TOR_ENVIRONMENT": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "tor.example.invalid",
        "TOR_IDENTITY_CODE_KEYS": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        "TOR_CACHE_URL": "redis://127.0.0.1:6379/1",
        # Production identifies citizens through Suomi.fi and refuses to start without its endpoints.
        "TOR_OIDC_AUTHORIZATION_ENDPOINT": "https://tunnistus.example.invalid/oauth/authorize",
        "TOR_OIDC_TOKEN_ENDPOINT": "https://tunnistus.example.invalid/oauth/token",
        "TOR_OIDC_JWKS_ENDPOINT": "https://tunnistus.example.invalid/oauth/jwks",
        "TOR_OIDC_USERINFO_ENDPOINT": "https://tunnistus.example.invalid/oauth/userinfo",
        "TOR_OIDC_CLIENT_ID": "tor",
        "TOR_OIDC_CLIENT_SECRET": secrets.token_urlsafe(32),
    }


def test_production_passes_deploy_checks():
    completed = manage(production_environment(), "check", "--deploy", "--fail-level", "WARNING")

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "System check identified no issues (0 silenced)." in completed.stdout


def test_production_without_secret_key_stops():
    environment = production_environment()
    del environment["DJANGO_SECRET_KEY"]

    completed = manage(environment, "check")

    assert completed.returncode != 0
    assert "DJANGO_SECRET_KEY is missing" in completed.stderr


SETTINGS_PROBE = """
import json
from django.conf import settings
from django.test import Client
from registry.api.authentication import SwitchableBasicAuthentication
from rest_framework.settings import api_settings

response = Client().get("/", HTTP_HOST="127.0.0.1")
print(json.dumps({
    "basic": settings.TOR_API_BASIC_AUTH
        and SwitchableBasicAuthentication in api_settings.DEFAULT_AUTHENTICATION_CLASSES,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "hosts": settings.ALLOWED_HOSTS,
    "home_status": response.status_code,
    "cache": settings.CACHES["default"]["BACKEND"],
}))
"""


def test_database_url_alone_runs_on_loopback():
    environment = {"DATABASE_URL": database_url()}

    checked = manage(environment, "check")
    probed = manage(environment, "shell", "--no-imports", "-c", SETTINGS_PROBE)

    assert checked.returncode == 0, checked.stderr
    assert probed.returncode == 0, probed.stderr
    result = json.loads(probed.stdout.strip().splitlines()[-1])
    assert result["basic"] is True
    assert result["ssl_redirect"] is False
    assert "127.0.0.1" in result["hosts"]
    assert result["home_status"] == 200
    assert result["cache"] == "django.core.cache.backends.locmem.LocMemCache"
