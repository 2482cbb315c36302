"""Fixtures shared by the whole suite.

The national reference data in ../shared/reference is loaded once per test database, before the
first test, and every test runs in a transaction that is rolled back, so tests see it unchanged.
"""

import base64
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests import factories

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
REFERENCE = SHARED / "reference"
SAMPLES = SHARED / "samples"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from registry.services.reference_data import load_reference_data

    if not REFERENCE.is_dir():
        pytest.exit(f"{REFERENCE} is missing: the tests need the national reference data beside the project.", 2)
    with django_db_blocker.unblock():
        load_reference_data(REFERENCE)


@pytest.fixture
def committed_reference_data(transactional_db):
    """Reference data for a transactional test, which starts after an earlier one flushed every table.

    pytest-django runs transactional tests after all others, so reloading here never slows the rest.
    """
    from registry.models import Code
    from registry.services.reference_data import load_reference_data

    if not Code.objects.exists():
        load_reference_data(REFERENCE)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords cheaply: HTTP Basic checks the password on every request."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("registry-admin", "admin@example.invalid", "admin-password")


@pytest.fixture
def official(db):
    """A provider official with no rights yet; tests grant what they need."""
    return factories.UserFactory(username="official", is_staff=True)


def basic_auth(username, password):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


@pytest.fixture
def api(client):
    """A test client that speaks JSON to the API; `api.as_user(user)` sends HTTP Basic credentials."""
    return ApiClient(client)


class ApiClient:
    def __init__(self, client):
        self.client = client
        self.credentials = {}

    def as_user(self, user, password=factories.PASSWORD):
        self.credentials = basic_auth(user.get_username(), password)
        return self

    def put(self, path, body, **headers):
        return self._send("put", path, body, headers)

    def post(self, path, body, **headers):
        return self._send("post", path, body, headers)

    def get(self, path, **headers):
        return self.client.get(path, **self.credentials, **headers)

    def _send(self, method, path, body, headers):
        import json

        data = body if isinstance(body, (bytes, str)) else json.dumps(body)
        content_type = headers.pop("content_type", "application/json")
        return getattr(self.client, method)(path, data, content_type=content_type, **self.credentials, **headers)
