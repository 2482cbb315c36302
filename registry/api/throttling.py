"""Rate limits of the API: per authenticated user, so per machine client, and per address for anonymous callers.

The counters live in Django's default cache, so every process and server must share one cache
(Redis in production) for the limits to hold across them. Registry administrators are never
limited. An ApiClient's own `rate_limit` overrides the register's default for its user.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from .. import permissions
from ..middleware import client_address


def client_rate(user):
    """Return the rate limit of an authenticated user: its API client's own limit, else the register's default."""
    client = getattr(user, "api_client", None)
    return (client.rate_limit if client is not None else "") or settings.TOR_API_RATE_LIMIT


class ClientRateThrottle(SimpleRateThrottle):
    """Limit each authenticated user to its rate (settings.TOR_API_RATE_LIMIT unless its client has its own)."""

    scope = "client"

    def __init__(self):
        # The rate depends on the user, so it is read in allow_request, not from THROTTLE_RATES.
        pass

    def allow_request(self, request, view):
        user = request.user
        if not (user and user.is_authenticated) or permissions.is_registry_administrator(user):
            return True
        self.rate = client_rate(user)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AnonymousRateThrottle(SimpleRateThrottle):
    """Limit requests without credentials per client address (settings.TOR_API_ANONYMOUS_RATE_LIMIT).

    Most API views return 401 to an anonymous request before throttles run, so this limit matters
    only for the views that admit anonymous callers.
    """

    scope = "anonymous"

    def __init__(self):
        pass

    def allow_request(self, request, view):
        if request.user and request.user.is_authenticated:
            return True
        self.rate = settings.TOR_API_ANONYMOUS_RATE_LIMIT
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}
