"""Scopes of OAuth2 access tokens on the API's views.

A request with an OAuth2 token needs the scope that its view names for its method. Requests
authenticated by the session or by HTTP Basic carry no scopes: the user's roles alone decide,
as they do for OAuth2 requests too once the scope is there.
"""

from rest_framework import permissions

from .. import errors
from ..errors import RegisterError
from .authentication import AccessTokenAuthentication

READ_SCOPE = "oppija:read"
WRITE_SCOPE = "oppija:write"


class TokenHasViewScope(permissions.BasePermission):
    """Require the view's `required_scopes[request.method]` of an OAuth2 token; a view that names none admits no token."""

    def has_permission(self, request, view):
        if not isinstance(request.successful_authenticator, AccessTokenAuthentication):
            return True
        scope = getattr(view, "required_scopes", {}).get(request.method)
        if scope is None:
            raise RegisterError(errors.FORBIDDEN())
        if not request.auth.allow_scopes([scope]):
            raise RegisterError(errors.INSUFFICIENT_SCOPE(value=scope))
        return True


class ProviderApiScopes:
    """Mixin for the provider API's views: reading needs scope oppija:read, writing oppija:write."""

    required_scopes = {
        "GET": READ_SCOPE,
        "HEAD": READ_SCOPE,
        "OPTIONS": READ_SCOPE,
        "PUT": WRITE_SCOPE,
        "POST": WRITE_SCOPE,
        "PATCH": WRITE_SCOPE,
        "DELETE": WRITE_SCOPE,
    }
