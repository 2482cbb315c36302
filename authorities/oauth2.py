"""The register's hooks into django-oauth-toolkit: which clients may get tokens, with which scopes, as which user.

Only applications of active API clients get tokens, each only with the scopes of its client. A
client-credentials token is issued to the client's own user, so the API authenticates the
request as that user and applies the user's roles. django-oauth-toolkit stores no user on such a token by
itself.
"""

import logging

from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.scopes import SettingsScopes

from .models import ApiClient

logger = logging.getLogger(__name__)


def active_client_of(application):
    """Return the active ApiClient of an OAuth2 application, or None."""
    if application is None:
        return None
    client = ApiClient.objects.select_related("user").filter(application=application).first()
    if client is None or not client.active or not client.user.is_active:
        return None
    return client


class ApiClientValidator(OAuth2Validator):
    """OAUTH2_VALIDATOR_CLASS: authenticate only active API clients and issue their tokens to their users."""

    def _load_application(self, client_id, request):
        application = super()._load_application(client_id, request)
        if application is not None and active_client_of(application) is None:
            logger.warning("oauth2_client_rejected client_id=%s reason=inactive_or_unbound", client_id)
            request.client = None
            return None
        return application

    def _create_access_token(self, expires, request, token, source_refresh_token=None):
        if request.grant_type == "client_credentials":
            request.user = active_client_of(request.client).user
        access_token = super()._create_access_token(expires, request, token, source_refresh_token)
        logger.info(
            "oauth2_token_issued client_id=%s user_id=%s scope=%s",
            request.client.client_id, access_token.user_id, access_token.scope,
        )
        return access_token


class ApiClientScopes(SettingsScopes):
    """SCOPES_BACKEND_CLASS: a client may request its own scopes, and gets all of them when it names none."""

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        if application is None:
            return super().get_available_scopes(application, request, *args, **kwargs)
        client = active_client_of(application)
        return list(client.scopes) if client is not None else []

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        return self.get_available_scopes(application, request, *args, **kwargs)
