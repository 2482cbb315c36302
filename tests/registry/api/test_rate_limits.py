"""Rate limits of the API per client, per anonymous address, and none for registry administrators."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory
from rest_framework.request import Request

from registry.api.throttling import AnonymousRateThrottle, ClientRateThrottle
from registry.middleware import client_address
from tests.oauth2 import access_token, bearer, provider_client

pytestmark = pytest.mark.django_db

PATH = "/api/v1/tiedonsiirrot"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def keys(response):
    return [error["key"] for error in response.json()]


def test_client_limit_gives_429_after_its_rate(client):
    credentials = provider_client(rate_limit="3/minute")
    token = access_token(client, credentials)

    statuses = [client.get(PATH, **bearer(token)).status_code for _request in range(3)]
    response = client.get(PATH, **bearer(token))

    assert statuses == [200, 200, 200]
    assert response.status_code == 429
    assert keys(response) == ["tooManyRequests"]
    assert 1 <= int(response["Retry-After"]) <= 60


def test_client_limit_overrides_default(client, settings):
    settings.TOR_API_RATE_LIMIT = "1/minute"
    credentials = provider_client(rate_limit="3/minute")
    token = access_token(client, credentials)

    statuses = [client.get(PATH, **bearer(token)).status_code for _request in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_default_limit_applies_to_basic_user(api, official, settings):
    settings.TOR_API_RATE_LIMIT = "2/minute"

    statuses = [api.as_user(official).get(PATH).status_code for _request in range(3)]

    assert statuses == [200, 200, 429]


def test_limits_are_counted_per_client(client):
    first = provider_client(name="First", rate_limit="2/minute")
    second = provider_client(name="Second", rate_limit="2/minute")
    first_token, second_token = access_token(client, first), access_token(client, second)

    for _request in range(2):
        client.get(PATH, **bearer(first_token))

    assert client.get(PATH, **bearer(first_token)).status_code == 429
    assert client.get(PATH, **bearer(second_token)).status_code == 200


def test_registry_administrator_is_never_limited(api, admin_user, settings):
    settings.TOR_API_RATE_LIMIT = "2/minute"

    statuses = [api.as_user(admin_user, "admin-password").get(PATH).status_code for _request in range(6)]

    assert statuses == [200] * 6


def anonymous_request(**meta):
    request = Request(RequestFactory().get(PATH, **meta))
    request.user = AnonymousUser()
    return request


def test_anonymous_limit_is_per_address(settings):
    settings.TOR_API_ANONYMOUS_RATE_LIMIT = "2/minute"
    throttle = AnonymousRateThrottle()

    first_address = [throttle.allow_request(anonymous_request(REMOTE_ADDR="192.0.2.1"), None) for _request in range(3)]
    other_address = throttle.allow_request(anonymous_request(REMOTE_ADDR="192.0.2.2"), None)

    assert first_address == [True, True, False]
    assert other_address is True


def test_client_throttle_ignores_anonymous_requests(settings):
    settings.TOR_API_RATE_LIMIT = "1/minute"
    throttle = ClientRateThrottle()

    assert all(throttle.allow_request(anonymous_request(), None) for _request in range(3))


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "192.0.2.1"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "203.0.113.9, 198.51.100.7", "198.51.100.7"),
        (2, "203.0.113.9, 198.51.100.7", "203.0.113.9"),
        (1, None, "192.0.2.1"),
    ],
)
def test_client_address_trusts_configured_proxies(settings, proxies, forwarded, expected):
    settings.TOR_NUM_PROXIES = proxies
    meta = {"REMOTE_ADDR": "192.0.2.1"}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded

    assert client_address(RequestFactory().get("/", **meta)) == expected
