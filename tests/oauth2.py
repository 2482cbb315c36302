"""Helpers for tests of machine clients: authorities, agreements, API clients and their OAuth2 tokens."""

import base64
import datetime

from registry.models import Organisation
from tests import documents

TOKEN_URL = "/oauth2/token/"


def organisation(oid=documents.STADI):
    return Organisation.objects.get(oid=oid)


def authority(**fields):
    from authorities.models import Authority

    values = {"name": {"fi": "Kansaneläkelaitos", "sv": "Folkpensionsanstalten"}, "business_id": "0246246-0"}
    return Authority.objects.create(**{**values, **fields})


def agreement(authority_row=None, **fields):
    from authorities.models import AgreementStatus, DataSharingAgreement

    values = {
        "authority": authority_row or authority(),
        "name": "Opintotuen valvonta",
        "legal_basis": "Laki opintotuesta 41 §",
        "purpose": "Opintotuen myöntäminen ja valvonta",
        "valid_from": datetime.date(2025, 1, 1),
        "status": AgreementStatus.ACTIVE,
    }
    return DataSharingAgreement.objects.create(**{**values, **fields})


def provider_client(organisation_row=None, *, scopes=("oppija:read", "oppija:write"), source_system="winnova", **fields):
    """Create a provider system's client through the service and return its ClientCredentials."""
    from authorities.models import ApiClientKind
    from authorities.services.api_clients import create_api_client

    return create_api_client(
        name=fields.pop("name", "Winnova of Stadin ammattiopisto"),
        kind=ApiClientKind.PROVIDER_SYSTEM,
        organisation=organisation_row or organisation(),
        source_system=source_system,
        scopes=scopes,
        **fields,
    )


def authority_client(agreement_row=None, *, scopes=("luovutus",), **fields):
    from authorities.models import ApiClientKind
    from authorities.services.api_clients import create_api_client

    return create_api_client(
        name=fields.pop("name", "Kela's disclosure client"),
        kind=ApiClientKind.AUTHORITY,
        agreement=agreement_row or agreement(),
        scopes=scopes,
        **fields,
    )


def basic_header(username, password):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


def request_token(client, credentials, scope=None):
    """POST a client-credentials token request with the client's ID and secret in HTTP Basic; return the response."""
    data = {"grant_type": "client_credentials"}
    if scope is not None:
        data["scope"] = scope
    return client.post(
        TOKEN_URL, data, HTTP_AUTHORIZATION=basic_header(credentials.client_id, credentials.client_secret),
    )


def access_token(client, credentials, scope=None):
    response = request_token(client, credentials, scope)
    assert response.status_code == 200, response.content.decode()
    return response.json()["access_token"]


def bearer(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
