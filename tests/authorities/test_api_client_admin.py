"""The admin of API clients: registry staff create clients and see the secret once; nobody else gets in."""

import pytest
from oauth2_provider.models import Application

from authorities.models import ApiClient, Authority
from registry.models import RoleGrant
from tests.oauth2 import agreement, organisation, provider_client, request_token

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/authorities/apiclient/add/"
LIST_URL = "/admin/authorities/apiclient/"


def add_provider_client(client):
    return client.post(ADD_URL, {
        "name": "Primus of Stadi",
        "kind": "provider_system",
        "organisation": organisation().pk,
        "source_system": "primus",
        "scopes": ["oppija:read", "oppija:write"],
        "rate_limit": "600/minute",
    })


def test_creation_shows_secret_once(client, admin_user):
    client.force_login(admin_user)

    response = add_provider_client(client)

    assert response.status_code == 200, response.content.decode()[:2000]
    stored = ApiClient.objects.select_related("application").get()
    secret = response.context["client_secret"]
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert secret not in stored.application.client_secret
    assert stored.created_by == admin_user
    assert RoleGrant.objects.get(user=stored.user).source_system == "primus"
    assert secret not in client.get(f"/admin/authorities/apiclient/{stored.pk}/change/").content.decode()


def test_created_client_gets_token(client, admin_user):
    client.force_login(admin_user)
    response = add_provider_client(client)
    client.logout()

    token = request_token(client, type("Credentials", (), {
        "client_id": response.context["client_id"], "client_secret": response.context["client_secret"],
    }))

    assert token.status_code == 200, token.content.decode()


def test_add_form_rejects_missing_binding(client, admin_user):
    client.force_login(admin_user)

    response = client.post(ADD_URL, {"name": "Unbound", "kind": "authority", "scopes": ["luovutus"]})

    assert response.status_code == 200
    assert "agreement" in response.context["adminform"].form.errors
    assert not Application.objects.exists()


def test_add_form_creates_authority_client(client, admin_user):
    client.force_login(admin_user)
    agreement_row = agreement()

    response = client.post(ADD_URL, {
        "name": "Kela", "kind": "authority", "agreement": agreement_row.pk, "scopes": ["luovutus"],
    })

    assert response.status_code == 200, response.content.decode()[:2000]
    assert ApiClient.objects.get().agreement == agreement_row


def test_rotate_action_shows_new_secret(client, admin_user):
    credentials = provider_client()
    client.force_login(admin_user)

    response = client.post(LIST_URL, {"action": "rotate_secret", "_selected_action": [credentials.client.pk]})

    assert response.status_code == 200
    assert response.context["client_secret"] != credentials.client_secret
    assert request_token(client, credentials).status_code == 401


def test_deactivate_action(client, admin_user):
    credentials = provider_client()
    client.force_login(admin_user)

    client.post(LIST_URL, {"action": "deactivate", "_selected_action": [credentials.client.pk]})

    assert not ApiClient.objects.get().active


def test_change_form_updates_scopes(client, admin_user):
    credentials = provider_client()
    client.force_login(admin_user)

    response = client.post(f"/admin/authorities/apiclient/{credentials.client.pk}/change/", {
        "name": "Renamed", "source_system": "winnova", "scopes": ["oppija:read"], "rate_limit": "",
    })

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    stored = ApiClient.objects.get()
    assert stored.name == "Renamed"
    assert stored.scopes == ["oppija:read"]


@pytest.mark.parametrize("path", [LIST_URL, ADD_URL, "/admin/authorities/authority/", "/admin/authorities/datasharingagreement/"])
def test_officials_cannot_open_client_admin(client, official, path):
    client.force_login(official)

    assert client.get(path).status_code == 403


def test_registry_staff_adds_authority(client, admin_user):
    client.force_login(admin_user)

    response = client.post("/admin/authorities/authority/add/", {
        "name_fi": "Tilastokeskus", "name_sv": "Statistikcentralen", "name_en": "", "business_id": "0245491-1",
    })

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Authority.objects.get().name == {"fi": "Tilastokeskus", "sv": "Statistikcentralen"}


def test_oauth2_toolkit_pages_are_not_offered(client, admin_user):
    client.force_login(admin_user)

    assert client.get("/admin/oauth2_provider/application/").status_code == 404
    assert "oauth2_provider" not in client.get("/admin/").content.decode()
