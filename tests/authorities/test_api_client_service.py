"""Creating, changing, deactivating and reactivating API clients, and rotating their secrets."""

import pytest
from django.core.exceptions import ValidationError
from oauth2_provider.models import AccessToken, Application

from authorities import permissions as agreement_permissions
from authorities.models import ApiClient, ApiClientKind
from authorities.services import api_clients
from registry import permissions
from registry.models import Role, RoleGrant
from tests import documents
from tests.oauth2 import access_token, agreement, authority_client, organisation, provider_client, request_token

pytestmark = pytest.mark.django_db


def test_provider_client_gets_service_role():
    credentials = provider_client(study_right_types=["ammatillinenkoulutus"])

    grant = RoleGrant.objects.get(user=credentials.client.user)
    assert grant.role == Role.SERVICE
    assert grant.organisation.oid == documents.STADI
    assert grant.source_system == "winnova"
    assert grant.study_right_types == ["ammatillinenkoulutus"]
    assert permissions.has_organisation_permission(
        credentials.client.user, permissions.WRITE, organisation(), "ammatillinenkoulutus",
    )


def test_provider_client_application_is_confidential_client_credentials():
    credentials = provider_client()

    application = credentials.client.application
    assert application.client_type == Application.CLIENT_CONFIDENTIAL
    assert application.authorization_grant_type == Application.GRANT_CLIENT_CREDENTIALS
    assert application.client_id == credentials.client_id


def test_client_secret_is_stored_as_hash():
    credentials = provider_client()

    stored = Application.objects.get(client_id=credentials.client_id).client_secret
    assert credentials.client_secret not in stored
    assert len(credentials.client_secret) >= 64


def test_client_user_has_no_password():
    credentials = provider_client()

    assert not credentials.client.user.has_usable_password()
    assert not credentials.client.user.is_staff


def test_authority_client_gets_agreement_permission():
    agreement_row = agreement()
    credentials = authority_client(agreement_row)

    user = credentials.client.user
    assert agreement_permissions.has_agreement_permission(user, agreement_row)
    assert list(agreement_permissions.agreements_of(user)) == [agreement_row]
    assert not RoleGrant.objects.filter(user=user).exists()


def test_provider_client_needs_organisation():
    with pytest.raises(ValidationError) as raised:
        api_clients.create_api_client(
            name="No binding", kind=ApiClientKind.PROVIDER_SYSTEM, source_system="winnova", scopes=["oppija:write"],
        )

    assert "organisation" in raised.value.message_dict
    assert not ApiClient.objects.exists()
    assert not Application.objects.exists()


def test_client_cannot_have_both_bindings():
    with pytest.raises(ValidationError):
        api_clients.create_api_client(
            name="Both", kind=ApiClientKind.AUTHORITY, organisation=organisation(), agreement=agreement(),
            scopes=["luovutus"],
        )

    assert not ApiClient.objects.exists()


def test_provider_client_needs_source_system():
    with pytest.raises(ValidationError) as raised:
        provider_client(source_system="")

    assert "source_system" in raised.value.message_dict


@pytest.mark.parametrize(("kind", "scope"), [("provider_system", "luovutus"), ("authority", "oppija:write")])
def test_scope_of_other_kind_is_rejected(kind, scope):
    with pytest.raises(ValidationError) as raised:
        if kind == "provider_system":
            provider_client(scopes=[scope])
        else:
            authority_client(scopes=[scope])

    assert "scopes" in raised.value.message_dict


def test_malformed_rate_limit_is_rejected():
    with pytest.raises(ValidationError) as raised:
        provider_client(rate_limit="many per minute")

    assert "rate_limit" in raised.value.message_dict


def test_deactivation_revokes_tokens_and_role(client):
    credentials = provider_client()
    access_token(client, credentials)

    api_clients.deactivate_api_client(credentials.client)

    stored = ApiClient.objects.select_related("user").get(pk=credentials.client.pk)
    assert not stored.active
    assert stored.deactivated_at is not None
    assert not stored.user.is_active
    assert not AccessToken.objects.filter(application=stored.application).exists()
    assert not RoleGrant.objects.filter(user=stored.user).exists()
    assert not permissions.has_organisation_permission(stored.user, permissions.WRITE, organisation())


def test_deactivated_client_gets_no_token(client):
    credentials = provider_client()
    api_clients.deactivate_api_client(credentials.client)

    response = request_token(client, credentials)

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_deactivation_removes_agreement_permission():
    agreement_row = agreement()
    credentials = authority_client(agreement_row)

    api_clients.deactivate_api_client(credentials.client)

    user = ApiClient.objects.get(pk=credentials.client.pk).user
    assert not user.has_perm(agreement_permissions.USE_AGREEMENT, agreement_row)


def test_activation_restores_role(client):
    credentials = provider_client()
    api_clients.deactivate_api_client(credentials.client)

    api_clients.activate_api_client(credentials.client)

    stored = ApiClient.objects.get(pk=credentials.client.pk)
    assert stored.active
    assert RoleGrant.objects.get(user=stored.user).source_system == "winnova"
    assert request_token(client, credentials).status_code == 200


def test_rotation_replaces_secret_and_revokes_tokens(client):
    credentials = provider_client()
    access_token(client, credentials)

    rotated = api_clients.rotate_client_secret(credentials.client)

    assert rotated.client_id == credentials.client_id
    assert rotated.client_secret != credentials.client_secret
    assert not AccessToken.objects.filter(application=credentials.client.application).exists()
    assert request_token(client, credentials).status_code == 401
    assert request_token(client, rotated).status_code == 200


def test_narrowing_scopes_revokes_tokens(client):
    credentials = provider_client()
    access_token(client, credentials)

    api_clients.update_api_client(credentials.client, scopes=["oppija:read"])

    assert not AccessToken.objects.filter(application=credentials.client.application).exists()
    assert request_token(client, credentials, scope="oppija:write").json()["error"] == "invalid_scope"


def test_widening_scopes_keeps_tokens(client):
    credentials = provider_client(scopes=["oppija:read"])
    access_token(client, credentials)

    api_clients.update_api_client(credentials.client, scopes=["oppija:read", "oppija:write"])

    assert AccessToken.objects.filter(application=credentials.client.application).count() == 1


def test_update_changes_role_limits():
    credentials = provider_client()

    api_clients.update_api_client(credentials.client, source_system="primusqualifier", study_right_types=["lukiokoulutus"])

    grant = RoleGrant.objects.get(user=credentials.client.user)
    assert grant.source_system == "primusqualifier"
    assert grant.study_right_types == ["lukiokoulutus"]
