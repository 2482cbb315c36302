"""Request ids, the audit scope (actor and request id) of a request or job, security headers and client addresses."""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.core.handlers.exception import response_for_exception

from .identity_codes import IDENTITY_CODE_PATTERN
from .models import ActorType
from .services import audit
from .services.audit import REQUEST_ID_PATTERN, Actor, new_request_id

logger = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"


@dataclass
class AuditScope:
    """Who acts in the current request or job, under which request id, and the read events waiting for its outcome.

    A request's scope stores the request, because its actor is known only after authentication,
    which for the API happens inside the view. A job's scope stores its system actor.
    """

    request_id: str
    request: object = None
    fixed_actor: Actor | None = None
    # Arguments of `audit.record_many` calls that wait until the response has succeeded.
    pending: list = field(default_factory=list)

    @property
    def defers_reads(self):
        return self.request is not None

    def actor(self):
        return self.fixed_actor if self.fixed_actor is not None else actor_of(self.request)


_current_scope = ContextVar("tor_audit_scope", default=None)


def current_audit_scope():
    """Return the AuditScope of the request or job running in this context, or None."""
    return _current_scope.get()


@contextmanager
def system_audit_scope(name, request_id=None):
    """Run the block as the register itself: its audit events get a system actor named `name` and one request id.

    Commands and tasks use it, so that the events of one run can be found together.
    """
    token = _current_scope.set(AuditScope(request_id=request_id or new_request_id(), fixed_actor=Actor.system(name)))
    try:
        yield
    finally:
        _current_scope.reset(token)


def accepted_request_id(value):
    """Return `value` when it is a well-formed request id, else None.

    A client or proxy chooses the header, so anything that could carry personal data, such as an
    identity code, is replaced by a new id.
    """
    if not value or not REQUEST_ID_PATTERN.match(value) or IDENTITY_CODE_PATTERN.search(value):
        return None
    return value


class RequestIdMiddleware:
    """Give each request an id and an audit scope, and record its read events when it succeeds.

    The id is the caller's X-Request-ID when well-formed, else a new one. It is stored as
    `request.request_id`, returned in the response's X-Request-ID header and written to every
    audit event of the request, so the events of one request can be found together and matched
    with the proxy's logs. Services called during the request find its actor and id in the scope
    (`current_audit_scope`). The read events that views record with `audit.record_on_success` are
    inserted after the response has been rendered, only when its status is below 400. When that
    insert fails, the response becomes a server error, so no data leaves without its events.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = accepted_request_id(request.headers.get(REQUEST_ID_HEADER)) or new_request_id()
        scope = AuditScope(request_id=request.request_id, request=request)
        token = _current_scope.set(scope)
        try:
            response = self.get_response(request)
            if response.status_code < 400 and scope.pending:
                try:
                    record_pending_reads(scope)
                except Exception as error:
                    # As Django's handler does for a view's error; it also logs the traceback.
                    logger.error(
                        "audit_read_events_failed request_id=%s error=%s", request.request_id, type(error).__name__,
                    )
                    response = response_for_exception(request, error)
        finally:
            _current_scope.reset(token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response


def record_pending_reads(scope):
    """Insert the read events that wait in `scope`, one `record_many` per view call, and forget them."""
    pending, scope.pending = scope.pending, []
    for arguments in pending:
        audit.record_many(**arguments)


def request_id_of(request):
    """Return the request's id, giving it a new one when RequestIdMiddleware did not run."""
    request_id = getattr(request, "request_id", None)
    if not request_id:
        request_id = new_request_id()
        request.request_id = request_id
    return request_id


def actor_of(request, actor_type=None):
    """Return the audit Actor of a Django or DRF request, the first of these that applies.

    1. An Actor that an authentication layer stored as `request.audit_actor`.
    2. The citizen of the session, when `actor_type` is CITIZEN or no user is logged in.
    3. The authenticated user. DRF requests authenticated by other means than the session (HTTP
       Basic from a provider's system) are service clients, others users, unless `actor_type`
       names the type.
    4. An anonymous visitor.
    """
    actor = getattr(request, "audit_actor", None)
    if actor is not None:
        return actor

    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    if actor_type == ActorType.CITIZEN or not authenticated:
        citizen = _citizen_learner_oid(request)
        if citizen:
            return Actor.citizen(citizen)
    if not authenticated:
        return Actor.anonymous()

    if actor_type is None:
        actor_type = ActorType.SERVICE_CLIENT if _authenticated_outside_session(request) else ActorType.USER
    return Actor.for_user(user, actor_type)


def audit_context(request, actor_type=None):
    """Return the keyword arguments `actor` and `request_id` for `services.audit.record` from a request."""
    return {"actor": actor_of(request, actor_type), "request_id": request_id_of(request)}


def _citizen_learner_oid(request):
    from .citizen.session import SESSION_KEY

    session = getattr(request, "session", None)
    return session.get(SESSION_KEY) if session is not None else None


def _authenticated_outside_session(request):
    from rest_framework.authentication import SessionAuthentication

    authenticator = getattr(request, "successful_authenticator", None)
    return authenticator is not None and not isinstance(authenticator, SessionAuthentication)


class SecurityHeadersMiddleware:
    """Send the Content Security Policy and the Permissions Policy on every response.

    The policies come from settings TOR_CONTENT_SECURITY_POLICY and TOR_PERMISSIONS_POLICY, and
    TOR_CSP_REPORT_ONLY sends the first as Content-Security-Policy-Report-Only instead. A response
    that already has a policy keeps its own. SecurityMiddleware sends Referrer-Policy and
    X-Content-Type-Options.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.TOR_CONTENT_SECURITY_POLICY
        header = "Content-Security-Policy-Report-Only" if settings.TOR_CSP_REPORT_ONLY else "Content-Security-Policy"
        if policy and header not in response:
            response[header] = policy
        if settings.TOR_PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.TOR_PERMISSIONS_POLICY
        return response


def client_address(request):
    """Return the client's IP address: REMOTE_ADDR, or the X-Forwarded-For entry of the first trusted proxy.

    With settings.TOR_NUM_PROXIES = N > 0 the address is the N-th entry from the end of
    X-Forwarded-For, the one the outermost trusted proxy appended; entries before it are the
    client's own claims and are ignored. This is how Django REST framework's NUM_PROXIES reads it.
    """
    remote_address = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not settings.TOR_NUM_PROXIES or not forwarded:
        return remote_address
    addresses = [address.strip() for address in forwarded.split(",")]
    return addresses[-min(settings.TOR_NUM_PROXIES, len(addresses))]
