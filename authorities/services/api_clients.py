"""Create, change, deactivate and reactivate API clients, and rotate their secrets.

Each function keeps the client's Django user, its OAuth2 application, its tokens and its rights
in step, in one transaction. A provider system has the service-user role on its organisation
(through `registry.permissions`), and an authority client has the right to use its agreement
(through `authorities.permissions`). A client secret is returned in plain text only by
`create_api_client` and `rotate_client_secret`; the register stores only its hash.
"""

import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from oauth2_provider.generators import generate_client_id, generate_client_secret
from oauth2_provider.models import get_access_token_model, get_application_model, get_refresh_token_model

from registry import permissions as registry_permissions
from registry.models import Role, RoleGrant

from .. import permissions
from ..models import ApiClient, ApiClientKind

logger = logging.getLogger(__name__)

USERNAME_PREFIX = "api-client-"


@dataclass(frozen=True)
class ClientCredentials:
    """A client and its credentials for the token endpoint. The secret is never stored in plain text."""

    client: ApiClient
    client_id: str
    client_secret: str


@transaction.atomic
def create_api_client(*, name, kind, organisation=None, agreement=None, source_system="", study_right_types=(),
                      scopes=(), rate_limit="", created_by=None):
    """Create an active client with its user, OAuth2 application and rights; return it with its secret.

    Raises ValidationError when the binding, the scopes or the rate limit are invalid for the kind.
    """
    client_id = generate_client_id()
    client_secret = generate_client_secret()
    application_model = get_application_model()
    application = application_model(
        name=name,
        client_id=client_id,
        client_secret=client_secret,
        hash_client_secret=True,
        client_type=application_model.CLIENT_CONFIDENTIAL,
        authorization_grant_type=application_model.GRANT_CLIENT_CREDENTIALS,
    )
    user = get_user_model()(username=f"{USERNAME_PREFIX}{client_id}", is_active=True)
    user.set_unusable_password()
    client = ApiClient(
        name=name, kind=kind, organisation=organisation, agreement=agreement, source_system=source_system,
        study_right_types=sorted(set(study_right_types)), scopes=sorted(set(scopes)), rate_limit=rate_limit,
        created_by=created_by,
    )
    client.full_clean(exclude=["user", "application"])

    application.save()
    user.save()
    client.user = user
    client.application = application
    client.save()
    _grant_access(client, granted_by=created_by)

    logger.info("api_client_created client_id=%s kind=%s binding=%s", client_id, kind, _binding(client))
    return ClientCredentials(client=client, client_id=client_id, client_secret=client_secret)


@transaction.atomic
def update_api_client(client, *, name=None, scopes=None, rate_limit=None, source_system=None, study_right_types=None,
                      changed_by=None):
    """Change a client's name, scopes, rate limit or provider limits; the binding itself never changes.

    Tokens issued before a scope was removed are revoked, so a narrowed client cannot keep using
    the scope until its token expires. Raises ValidationError for invalid values.
    """
    client = _locked(client)
    previous_scopes = set(client.scopes)
    if name is not None:
        client.name = name
    if scopes is not None:
        client.scopes = sorted(set(scopes))
    if rate_limit is not None:
        client.rate_limit = rate_limit
    if source_system is not None:
        client.source_system = source_system
    if study_right_types is not None:
        client.study_right_types = sorted(set(study_right_types))
    client.full_clean(exclude=["user", "application"])
    client.save()
    client.application.name = client.name
    client.application.save(update_fields=["name", "updated"])

    if not previous_scopes <= set(client.scopes):
        _revoke_tokens(client)
    if client.active:
        _grant_access(client, granted_by=changed_by)
    logger.info("api_client_changed client_id=%s scopes=%s", client.client_id, ",".join(client.scopes))
    return client


@transaction.atomic
def deactivate_api_client(client):
    """Stop a client: revoke its tokens and rights and deactivate its user. The rows stay for the audit trail."""
    client = _locked(client)
    if not client.active:
        return client
    _revoke_tokens(client)
    _revoke_access(client)
    client.active = False
    client.deactivated_at = timezone.now()
    client.save(update_fields=["active", "deactivated_at"])
    client.user.is_active = False
    client.user.save(update_fields=["is_active"])
    logger.info("api_client_deactivated client_id=%s", client.client_id)
    return client


@transaction.atomic
def activate_api_client(client, *, activated_by=None):
    """Let a deactivated client get tokens again, with the rights of its binding. Its secret stays the same."""
    client = _locked(client)
    if client.active:
        return client
    client.active = True
    client.deactivated_at = None
    client.save(update_fields=["active", "deactivated_at"])
    client.user.is_active = True
    client.user.save(update_fields=["is_active"])
    _grant_access(client, granted_by=activated_by)
    logger.info("api_client_activated client_id=%s", client.client_id)
    return client


@transaction.atomic
def rotate_client_secret(client):
    """Give a client a new secret and revoke its tokens; return the new secret, which is shown once.

    The old secret stops working at once, so the client must get the new one before it requests
    its next token.
    """
    client = _locked(client)
    client_secret = generate_client_secret()
    application = client.application
    application.client_secret = client_secret
    application.save(update_fields=["client_secret", "updated"])
    _revoke_tokens(client)
    logger.info("api_client_secret_rotated client_id=%s", client.client_id)
    return ClientCredentials(client=client, client_id=client.client_id, client_secret=client_secret)


def _locked(client):
    return ApiClient.objects.select_for_update().select_related("user", "application").get(pk=client.pk)


def _grant_access(client, *, granted_by=None):
    if client.kind == ApiClientKind.PROVIDER_SYSTEM:
        registry_permissions.grant_role(
            client.user, Role.SERVICE, client.organisation,
            study_right_types=client.study_right_types, source_system=client.source_system, granted_by=granted_by,
        )
    else:
        permissions.grant_agreement(client.user, client.agreement)


def _revoke_access(client):
    for grant in RoleGrant.objects.filter(user=client.user).select_related("organisation"):
        registry_permissions.revoke_role(grant)
    if client.agreement_id is not None:
        permissions.revoke_agreement(client.user, client.agreement)


def _revoke_tokens(client):
    get_refresh_token_model().objects.filter(application=client.application).delete()
    revoked, _counts = get_access_token_model().objects.filter(application=client.application).delete()
    if revoked:
        logger.info("api_client_tokens_revoked client_id=%s count=%s", client.client_id, revoked)


def _binding(client):
    if client.organisation_id is not None:
        return f"organisation:{client.organisation.oid}"
    return f"agreement:{client.agreement_id}"
