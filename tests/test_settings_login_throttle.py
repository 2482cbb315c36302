"""Lock-out of repeated failed logins to the admin, per user name and address, and lifting it."""

import time

import pytest
from django.core.cache import cache
from django.core.management import call_command

from registry import login_throttle

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def throttle_settings(settings):
    settings.TOR_LOGIN_MAX_FAILURES = 3
    settings.TOR_LOGIN_MAX_FAILURES_PER_ADDRESS = 100
    settings.TOR_LOGIN_WINDOW_MINUTES = 15
    settings.TOR_LOGIN_LOCKOUT_MINUTES = 15
    cache.clear()
    yield
    cache.clear()


def log_in(client, username="registry-admin", password="admin-password", address="192.0.2.1"):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address)


def error_codes(response):
    if response.status_code != 200:
        return []
    return [error.code for error in response.context["form"].errors.as_data().get("__all__", [])]


def fail(client, times, **kwargs):
    return [error_codes(log_in(client, password="wrong", **kwargs)) for _attempt in range(times)]


def test_correct_password_logs_in(client, admin_user):
    assert log_in(client).status_code == 302


def test_failures_lock_pair_out(client, admin_user):
    codes = fail(client, 3)

    response = log_in(client)

    assert codes == [["invalid_login"], ["invalid_login"], ["locked_out"]]
    assert error_codes(response) == ["locked_out"]
    assert "_auth_user_id" not in client.session


def test_lock_message_is_translated(client, admin_user):
    fail(client, 3)

    response = client.post(
        LOGIN, {"username": "registry-admin", "password": "admin-password"},
        REMOTE_ADDR="192.0.2.1", HTTP_ACCEPT_LANGUAGE="en",
    )

    assert "Too many failed logins" in response.content.decode()
    assert "15 minutes" in response.content.decode()


def test_lock_holds_only_for_that_pair(client, admin_user, official):
    fail(client, 3)

    assert log_in(client, address="192.0.2.99").status_code == 302
    client.logout()
    assert log_in(client, username="official", password="test-password-1").status_code == 302


def test_address_is_locked_after_failures_with_many_names(client, admin_user, settings):
    settings.TOR_LOGIN_MAX_FAILURES_PER_ADDRESS = 4
    for number in range(4):
        log_in(client, username=f"guess{number}", password="wrong")

    assert error_codes(log_in(client)) == ["locked_out"]


def test_success_resets_failures(client, admin_user):
    fail(client, 2)
    assert log_in(client).status_code == 302
    client.logout()

    codes = fail(client, 2)

    assert codes == [["invalid_login"], ["invalid_login"]]
    assert log_in(client).status_code == 302


def test_lock_lifts_after_lockout_time(client, admin_user, monkeypatch):
    fail(client, 3)
    later = time.time() + 15 * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)

    assert log_in(client).status_code == 302


def test_unlock_command_lifts_lock(client, admin_user):
    fail(client, 3)

    call_command("unlock_logins", "--username", "registry-admin")

    assert not login_throttle.is_locked_out(login_throttle.ADMIN, "registry-admin", "192.0.2.1")
    assert log_in(client).status_code == 302


def test_unlock_command_lifts_address_lock(client, admin_user, settings):
    settings.TOR_LOGIN_MAX_FAILURES_PER_ADDRESS = 2
    fail(client, 2, username="someone")

    call_command("unlock_logins", "--address", "192.0.2.1", "--door", "admin")

    assert log_in(client).status_code == 302


def test_lock_key_holds_no_user_name(client, admin_user):
    fail(client, 3)

    assert not any("registry-admin" in key for key in cache._cache)
