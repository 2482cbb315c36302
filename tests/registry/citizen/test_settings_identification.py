"""Citizen identification settings in fresh processes: production refuses the test page and needs Suomi.fi configured."""

from tests.test_settings_deploy import manage, production_environment


def test_production_starts_with_suomifi_configured():
    completed = manage(production_environment(), "check")

    assert completed.returncode == 0, completed.stderr


def test_production_refuses_test_identification():
    completed = manage({**production_environment(), "TOR_TEST_IDENTIFICATION": "true"}, "check")

    assert completed.returncode != 0
    assert "ImproperlyConfigured" in completed.stderr
    assert "TOR_TEST_IDENTIFICATION" in completed.stderr


def test_production_refuses_missing_suomifi_endpoints():
    environment = production_environment()
    del environment["TOR_OIDC_TOKEN_ENDPOINT"]

    completed = manage(environment, "check")

    assert completed.returncode != 0
    assert "TOR_OIDC_TOKEN_ENDPOINT" in completed.stderr


def test_production_refuses_plain_http_provider():
    environment = {**production_environment(), "TOR_OIDC_TOKEN_ENDPOINT": "http://tunnistus.example.invalid/oauth/token"}

    completed = manage(environment, "check")

    assert completed.returncode != 0
    assert "https://" in completed.stderr


def test_production_without_citizen_login_starts():
    environment = {
        key: value for key, value in production_environment().items() if not key.startswith("TOR_OIDC_")
    }
    environment["TOR_SUOMIFI_IDENTIFICATION"] = "false"

    completed = manage(environment, "check")

    assert completed.returncode == 0, completed.stderr
