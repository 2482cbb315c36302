"""Request ids and the audit context (actor, request id) taken from Django and DRF requests."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from rest_framework.authentication import BasicAuthentication, SessionAuthentication
from rest_framework.request import Request

from registry.citizen.session import SESSION_KEY
from registry.middleware import REQUEST_ID_HEADER, RequestIdMiddleware, actor_of, audit_context, request_id_of
from registry.models import ActorType, AuditAction
from registry.services import audit
from tests.factories import UserFactory

LEARNER = "1.2.246.562.24.10000000008"


def through_middleware(**headers):
    seen = {}

    def view(request):
        seen["request_id"] = request.request_id
        return HttpResponse("ok")

    response = RequestIdMiddleware(view)(RequestFactory().get("/", headers=headers))
    return seen["request_id"], response


def test_well_formed_request_id_is_kept():
    request_id, response = through_middleware(**{REQUEST_ID_HEADER: "3f2b8c1e-proxy-17"})

    assert request_id == "3f2b8c1e-proxy-17"
    assert response[REQUEST_ID_HEADER] == "3f2b8c1e-proxy-17"


def test_missing_request_id_is_generated():
    request_id, response = through_middleware()

    assert audit.REQUEST_ID_PATTERN.match(request_id)
    assert response[REQUEST_ID_HEADER] == request_id


@pytest.mark.parametrize("header", ["", "x" * 65, "has space", "<script>", "010190-900P", "-leading-dash"])
def test_malformed_request_id_is_replaced(header):
    request_id, response = through_middleware(**{REQUEST_ID_HEADER: header})

    assert request_id != header
    assert audit.REQUEST_ID_PATTERN.match(request_id)
    assert response[REQUEST_ID_HEADER] == request_id


def test_request_id_of_request_without_middleware():
    request = RequestFactory().get("/")

    first = request_id_of(request)

    assert first
    assert request_id_of(request) == first


def django_request(user=None, session=None):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.session = session if session is not None else {}
    request.request_id = "req-7"
    return request


@pytest.mark.django_db
def test_user_is_actor_with_id_and_username():
    user = UserFactory(username="official-7")

    actor = actor_of(django_request(user))

    assert actor == audit.Actor(ActorType.USER, str(user.pk), "official-7")


@pytest.mark.django_db
def test_basic_authenticated_api_caller_is_service_client():
    user = UserFactory()
    request = Request(django_request(user), authenticators=[BasicAuthentication()])
    request._authenticator, request._user, request._auth = BasicAuthentication(), user, None

    context = audit_context(request)

    assert context["actor"].type == ActorType.SERVICE_CLIENT
    assert context["request_id"] == "req-7"


@pytest.mark.django_db
def test_session_authenticated_api_caller_is_user():
    user = UserFactory()
    request = Request(django_request(user), authenticators=[SessionAuthentication()])
    request._authenticator, request._user, request._auth = SessionAuthentication(), user, None

    assert actor_of(request).type == ActorType.USER


def test_citizen_session_gives_citizen_actor():
    actor = actor_of(django_request(session={SESSION_KEY: LEARNER}))

    assert actor == audit.Actor(ActorType.CITIZEN, LEARNER, "")


def test_visitor_without_login_is_anonymous():
    assert actor_of(django_request()).type == ActorType.ANONYMOUS


def test_actor_set_by_authentication_layer_wins():
    request = django_request()
    request.audit_actor = audit.Actor(ActorType.AUTHORITY_CLIENT, "kela-1", "Kela")

    assert actor_of(request).type == ActorType.AUTHORITY_CLIENT


@pytest.mark.django_db
def test_audit_context_records_event():
    user = UserFactory()

    event = audit.record(AuditAction.LEARNER_READ, learner_oid=LEARNER, **audit_context(django_request(user)))

    assert event.actor_id == str(user.pk)
    assert event.request_id == "req-7"
