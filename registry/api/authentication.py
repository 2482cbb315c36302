"""Authentication classes of the API: OAuth2 access tokens, and HTTP Basic while it is switched on.

The admin session is DRF's SessionAuthentication, named beside these in settings.REST_FRAMEWORK.

A failed OAuth2 token or an inactive client's token is rejected with a keyed 401 instead of
falling through to the other methods, so a client learns why its token no longer works.
"""

import logging

from django.conf import settings
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from rest_framework import authentication, exceptions

from .. import errors, login_throttle
from ..middleware import client_address
from ..models import ActorType
from ..services.audit import Actor

logger = logging.getLogger(__name__)

REALM = "TOR"
# Kinds of authorities.models.ApiClient whose requests the audit trail records as an authority's.
AUTHORITY_CLIENT_KIND = "authority"


class CredentialsRejected(exceptions.AuthenticationFailed):
    """A 401 with one of the register's errors and the challenge (WWW-Authenticate) the response carries."""

    def __init__(self, error_key, challenge, **params):
        super().__init__(detail=error_key.key, code=error_key.key)
        self.error = error_key(**params)
        self.challenge = challenge


class AccessTokenAuthentication(OAuth2Authentication):
    """OAuth2 bearer tokens of API clients, sent in the Authorization header.

    The request runs as the token's user, the client's own user. A token that is unknown,
    expired or revoked, or whose client or user is no longer active, gets a 401.
    """

    www_authenticate_realm = REALM

    def authenticate(self, request):
        if not _has_bearer_header(request):
            return None
        # django-oauth-toolkit reads request.POST, which on a DRF request runs DRF's parsers. The
        # API parses its own bodies and configures no parser, so the plain Django request goes in.
        result = super().authenticate(request._request)
        if result is None:
            logger.warning("api_token_rejected reason=%s", request.oauth2_error.get("error", "invalid_token"))
            raise CredentialsRejected(errors.TOKEN_INVALID, self.bearer_challenge(request))

        user, token = result
        client = getattr(token.application, "api_client", None)
        if user is not None and client is not None and client.user_id == user.pk:
            # The throttle and the disclosure views read the client through the user; this saves them a query each.
            user.api_client = client
        if user is None or not user.is_active or client is None or not client.active:
            logger.warning("api_token_rejected reason=inactive_client client_id=%s", token.application.client_id)
            request.oauth2_error = {"error": "invalid_token"}
            raise CredentialsRejected(errors.CLIENT_INACTIVE, self.bearer_challenge(request))
        # The actor is stored on the Django request, where the services called by the view find it too.
        actor_type = ActorType.AUTHORITY_CLIENT if client.kind == AUTHORITY_CLIENT_KIND else ActorType.SERVICE_CLIENT
        request._request.audit_actor = Actor.for_user(user, actor_type)
        return user, token

    def authenticate_header(self, request):
        """Return the challenges of a request without credentials: Basic first while it is on, then Bearer."""
        bearer = self.bearer_challenge(request)
        return f"{basic_challenge()}, {bearer}" if settings.TOR_API_BASIC_AUTH else bearer

    def bearer_challenge(self, request):
        """Return the Bearer challenge, with the OAuth2 error code of a rejected token (RFC 6750).

        django-oauth-toolkit's own challenge also carries a translated description, which could
        put characters outside ISO-8859-1 into the header, so only the code is sent.
        """
        error = getattr(request, "oauth2_error", {}).get("error")
        return f'Bearer realm="{REALM}"' + (f', error="{error}"' if error else "")


class SwitchableBasicAuthentication(authentication.BasicAuthentication):
    """HTTP Basic with a user name and password, only while the setting TOR_API_BASIC_AUTH is true."""

    www_authenticate_realm = REALM

    def authenticate(self, request):
        """Authenticate as the user of the credentials, whom the audit trail records as a service client."""
        if not settings.TOR_API_BASIC_AUTH:
            return None
        result = super().authenticate(request)
        if result is not None:
            request._request.audit_actor = Actor.for_user(result[0], ActorType.SERVICE_CLIENT)
        return result

    def authenticate_credentials(self, userid, password, request=None):
        """Check the password unless the user name and address are locked out (registry.login_throttle)."""
        address = client_address(request) if request is not None else ""
        if login_throttle.is_locked_out(login_throttle.API_BASIC, userid, address):
            raise CredentialsRejected(errors.LOGIN_LOCKED, basic_challenge(), minutes=settings.TOR_LOGIN_LOCKOUT_MINUTES)
        try:
            result = super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            login_throttle.record_failure(login_throttle.API_BASIC, userid, address)
            raise
        login_throttle.record_success(login_throttle.API_BASIC, userid, address)
        return result

    def authenticate_header(self, request):
        return basic_challenge() if settings.TOR_API_BASIC_AUTH else None


def basic_challenge():
    return f'Basic realm="{REALM}"'


def _has_bearer_header(request):
    scheme = request.META.get("HTTP_AUTHORIZATION", "").split(" ", 1)[0]
    return scheme.lower() == "bearer"
