"""/health/live and /health/ready: no login, and readiness reports the database, the broker and the migrations."""

import pytest
from tor.ops import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def forget_migration_result(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)


def test_liveness_answers_without_login(client):
    response = client.get("/health/live")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readiness_without_a_broker_checks_database_and_migrations(client, settings):
    settings.CELERY_BROKER_URL = ""

    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok", "checks": {"database": "ok", "broker": "not_configured", "migrations": "ok"},
    }


def test_readiness_reaches_the_redis_broker(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"

    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json()["checks"]["broker"] == "ok"


def test_unreachable_broker_makes_the_register_unready(client, settings):
    # Port 9 (discard) on loopback has no Redis: the connection is refused at once.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["status"] == "failed"
    assert response.json()["checks"]["broker"] == "failed"


def test_unapplied_migration_makes_the_register_unready(client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("an unapplied migration", False)])

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "failed"


def test_health_checks_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/health/live").status_code == 200
    assert client.get("/metrics").status_code == 200
    assert client.get("/").status_code == 301
