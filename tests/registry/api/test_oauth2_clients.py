"""Machine clients on the provider API: OAuth2 client credentials, scopes, rejected tokens and HTTP Basic."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from oauth2_provider.models import AccessToken
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from authorities.models import ApiClient
from authorities.services import api_clients
from registry.api.authentication import AccessTokenAuthentication
from registry.middleware import actor_of
from registry.models import ActorType, StudyRight
from tests import documents
from tests.factories import PASSWORD, UserFactory
from tests.oauth2 import (
    TOKEN_URL,
    access_token,
    authority_client,
    basic_header,
    bearer,
    organisation,
    provider_client,
    request_token,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def keys(response):
    return [error["key"] for error in response.json()]


def put_learner(client, token, document):
    return client.put("/api/v1/oppija", document, content_type="application/json", **bearer(token))


def test_token_is_issued_for_client_credentials(client):
    credentials = provider_client()

    response = request_token(client, credentials)

    assert response.status_code == 200, response.content.decode()
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert set(body["scope"].split()) == {"oppija:read", "oppija:write"}
    assert "refresh_token" not in body
    assert AccessToken.objects.get().user == credentials.client.user


def test_token_is_issued_for_credentials_in_body(client):
    credentials = provider_client()

    response = client.post(TOKEN_URL, {
        "grant_type": "client_credentials",
        "client_id": credentials.client_id,
        "client_secret": credentials.client_secret,
    })

    assert response.status_code == 200, response.content.decode()


def test_token_request_with_wrong_secret_is_refused(client):
    credentials = provider_client()

    response = client.post(TOKEN_URL, {"grant_type": "client_credentials"},
                           HTTP_AUTHORIZATION=basic_header(credentials.client_id, "wrong"))

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_token_request_for_scope_not_granted_is_refused(client):
    credentials = provider_client(scopes=["oppija:read"])

    response = request_token(client, credentials, scope="oppija:write")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_password_grant_is_refused(client):
    credentials = provider_client()
    UserFactory(username="someone")

    response = client.post(
        TOKEN_URL, {"grant_type": "password", "username": "someone", "password": PASSWORD},
        HTTP_AUTHORIZATION=basic_header(credentials.client_id, credentials.client_secret),
    )

    assert response.status_code in (400, 401)
    assert response.json()["error"] in ("unauthorized_client", "unsupported_grant_type")


def test_bearer_token_writes_for_client_organisation(client):
    credentials = provider_client()
    token = access_token(client, credentials)

    response = put_learner(client, token, documents.vocational())

    assert response.status_code == 200, response.content.decode()
    study_right = StudyRight.objects.get()
    assert study_right.source_system == "winnova"
    assert study_right.institution.oid == documents.STADI


def authenticated_request(token):
    """Return a DRF request with the bearer token, authenticated as the API's views authenticate it."""
    django_request = APIRequestFactory().get("/api/v1/tiedonsiirrot", HTTP_AUTHORIZATION=f"Bearer {token}")
    request = Request(django_request, authenticators=[AccessTokenAuthentication(), SessionAuthentication()])
    assert request.user.is_authenticated
    return request


def test_provider_token_is_audited_as_service_client(client):
    credentials = provider_client()

    actor = actor_of(authenticated_request(access_token(client, credentials)))

    assert actor.type == ActorType.SERVICE_CLIENT
    assert actor.id == str(credentials.client.user.pk)
    assert actor.name == credentials.client.user.username


def test_authority_token_is_audited_as_authority_client(client):
    credentials = authority_client()

    actor = actor_of(authenticated_request(access_token(client, credentials)))

    assert actor.type == ActorType.AUTHORITY_CLIENT
    assert actor.id == str(credentials.client.user.pk)


def test_bearer_token_cannot_write_for_other_organisation(client):
    credentials = provider_client()
    token = access_token(client, credentials)

    response = put_learner(client, token, documents.vocational(institution=documents.JYVASKYLA_TRAINING_SCHOOL))

    assert response.status_code == 403
    assert keys(response) == ["forbidden.organisaatio"]
    assert not StudyRight.objects.exists()


def test_bearer_token_cannot_write_from_other_source_system(client):
    credentials = provider_client(source_system="primusqualifier")
    token = access_token(client, credentials)

    response = put_learner(client, token, documents.vocational())

    assert response.status_code == 403
    assert keys(response) == ["forbidden.vääräLähdejärjestelmä"]


def test_read_scoped_token_cannot_write(client):
    credentials = provider_client()
    token = access_token(client, credentials, scope="oppija:read")

    response = put_learner(client, token, documents.vocational())

    assert response.status_code == 403
    assert keys(response) == ["forbidden.insufficientScope"]
    assert not StudyRight.objects.exists()


def test_read_scoped_token_reads(client):
    credentials = provider_client()
    write_token = access_token(client, credentials, scope="oppija:write")
    learner_oid = put_learner(client, write_token, documents.vocational()).json()["henkilö"]["oid"]
    read_token = access_token(client, credentials, scope="oppija:read")

    response = client.get(f"/api/v1/oppija/{learner_oid}", **bearer(read_token))

    assert response.status_code == 200, response.content.decode()
    assert len(response.json()["opiskeluoikeudet"]) == 1


def test_write_scoped_token_cannot_read(client):
    credentials = provider_client()
    token = access_token(client, credentials, scope="oppija:write")

    response = client.get("/api/v1/tiedonsiirrot", **bearer(token))

    assert response.status_code == 403
    assert keys(response) == ["forbidden.insufficientScope"]


def test_authority_token_cannot_use_provider_api(client):
    credentials = authority_client()
    token = access_token(client, credentials)

    response = client.get("/api/v1/tiedonsiirrot", **bearer(token))

    assert response.status_code == 403
    assert keys(response) == ["forbidden.insufficientScope"]


def test_unknown_token_is_rejected(client):
    response = client.get("/api/v1/tiedonsiirrot", **bearer("not-a-token"))

    assert response.status_code == 401
    assert keys(response) == ["unauthorized.invalidToken"]
    assert response["WWW-Authenticate"] == 'Bearer realm="TOR", error="invalid_token"'


def test_expired_token_is_rejected(client):
    credentials = provider_client()
    token = access_token(client, credentials)
    AccessToken.objects.update(expires=timezone.now() - datetime.timedelta(seconds=1))

    response = client.get("/api/v1/tiedonsiirrot", **bearer(token))

    assert response.status_code == 401
    assert keys(response) == ["unauthorized.invalidToken"]


def test_revoked_token_is_rejected(client):
    credentials = provider_client()
    token = access_token(client, credentials)
    revoked = client.post(
        "/oauth2/revoke_token/", {"token": token},
        HTTP_AUTHORIZATION=basic_header(credentials.client_id, credentials.client_secret),
    )
    assert revoked.status_code == 200

    response = client.get("/api/v1/tiedonsiirrot", **bearer(token))

    assert response.status_code == 401
    assert keys(response) == ["unauthorized.invalidToken"]


def test_token_of_deactivated_client_is_rejected(client):
    credentials = provider_client()
    token = access_token(client, credentials)

    api_clients.deactivate_api_client(credentials.client)
    response = client.get("/api/v1/tiedonsiirrot", **bearer(token))

    assert response.status_code == 401
    assert keys(response) == ["unauthorized.invalidToken"]


def test_token_of_inactive_client_is_rejected(client):
    """A token that outlived its client's active flag, as when the flag is changed outside the service."""
    credentials = provider_client()
    token = access_token(client, credentials)
    ApiClient.objects.filter(pk=credentials.client.pk).update(active=False)

    response = client.get("/api/v1/tiedonsiirrot", **bearer(token))

    assert response.status_code == 401
    assert keys(response) == ["unauthorized.clientInactive"]


def test_token_in_query_string_is_not_accepted(client):
    credentials = provider_client()
    token = access_token(client, credentials)

    response = client.get(f"/api/v1/tiedonsiirrot?access_token={token}")

    assert response.status_code == 401
    assert keys(response) == ["unauthorized.notAuthenticated"]


def test_basic_auth_works_by_default(api, official):
    response = api.as_user(official).get("/api/v1/tiedonsiirrot")

    assert response.status_code == 200


def test_basic_auth_switched_off_is_unauthenticated(api, official, settings):
    settings.TOR_API_BASIC_AUTH = False

    response = api.as_user(official).get("/api/v1/tiedonsiirrot")

    assert response.status_code == 401
    assert keys(response) == ["unauthorized.notAuthenticated"]
    assert response["WWW-Authenticate"] == 'Bearer realm="TOR"'


def test_bearer_works_with_basic_switched_off(client, settings):
    settings.TOR_API_BASIC_AUTH = False
    credentials = provider_client()
    token = access_token(client, credentials)

    response = put_learner(client, token, documents.vocational())

    assert response.status_code == 200, response.content.decode()


def test_challenge_names_both_methods(client):
    response = client.get("/api/v1/tiedonsiirrot")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Basic realm="TOR", Bearer realm="TOR"'


def test_basic_login_is_locked_after_failures(api, official, settings):
    settings.TOR_LOGIN_MAX_FAILURES = 3
    for _attempt in range(3):
        assert keys(api.as_user(official, "wrong").get("/api/v1/tiedonsiirrot")) == ["unauthorized.loginFail"]

    response = api.as_user(official).get("/api/v1/tiedonsiirrot")

    assert response.status_code == 401
    assert keys(response) == ["unauthorized.loginLocked"]


def test_basic_lock_is_per_address(api, official, settings):
    settings.TOR_LOGIN_MAX_FAILURES = 3
    for _attempt in range(3):
        api.as_user(official, "wrong").get("/api/v1/tiedonsiirrot")

    response = api.as_user(official).get("/api/v1/tiedonsiirrot", REMOTE_ADDR="192.0.2.10")

    assert response.status_code == 200


def test_basic_success_clears_failures(api, official, settings):
    settings.TOR_LOGIN_MAX_FAILURES = 3
    for _round in range(2):
        for _attempt in range(2):
            api.as_user(official, "wrong").get("/api/v1/tiedonsiirrot")
        assert api.as_user(official).get("/api/v1/tiedonsiirrot").status_code == 200
