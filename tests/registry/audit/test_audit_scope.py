"""The audit scope of a request or job: the actor and request id that events fall back to, and reads that wait for success."""

import pytest
from celery import shared_task
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from registry.middleware import REQUEST_ID_HEADER, RequestIdMiddleware, current_audit_scope, system_audit_scope
from registry.models import ActorType, AuditAction, AuditEvent
from registry.services import audit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LEARNER = "1.2.246.562.24.10000000008"
STUDY_RIGHT = "1.2.246.562.15.10000000009"


def run_request(view, user=None, **headers):
    """Run `view` behind RequestIdMiddleware, as the given user, and return the response."""
    request = RequestFactory().get("/", headers=headers)
    request.user = user or UserFactory()
    request.session = {}
    return RequestIdMiddleware(view)(request)


def test_record_takes_actor_and_request_id_of_request():
    user = UserFactory(username="official-scope")

    def view(request):
        audit.record(AuditAction.STUDY_RIGHT_WRITE, learner_oid=LEARNER)
        return HttpResponse("ok")

    response = run_request(view, user, **{REQUEST_ID_HEADER: "scope-req-1"})

    event = AuditEvent.objects.get()
    assert (event.actor_type, event.actor_id, event.actor_name) == (ActorType.USER, str(user.pk), "official-scope")
    assert event.request_id == response[REQUEST_ID_HEADER] == "scope-req-1"


def test_scope_ends_with_request():
    def view(request):
        assert current_audit_scope().request is request
        return HttpResponse("ok")

    run_request(view)

    assert current_audit_scope() is None


def test_record_outside_scope_is_system():
    first = audit.record(AuditAction.STUDY_RIGHT_WRITE, learner_oid=LEARNER)
    second = audit.record(AuditAction.STUDY_RIGHT_WRITE, learner_oid=LEARNER)

    assert (first.actor_type, first.actor_name) == (ActorType.SYSTEM, "")
    assert audit.REQUEST_ID_PATTERN.match(first.request_id)
    assert first.request_id != second.request_id


def test_system_scope_names_job_and_shares_request_id():
    with system_audit_scope("import_learners"):
        first = audit.record(AuditAction.STUDY_RIGHT_WRITE, learner_oid=LEARNER)
        second = audit.record(AuditAction.LEARNER_WRITE, learner_oid=LEARNER)

    assert (first.actor_type, first.actor_name) == (ActorType.SYSTEM, "import_learners")
    assert first.request_id == second.request_id
    assert current_audit_scope() is None


def test_explicit_actor_and_request_id_win_over_scope():
    actor = audit.Actor(ActorType.SERVICE_CLIENT, "12", "winnova")

    with system_audit_scope("import_learners"):
        event = audit.record(AuditAction.STUDY_RIGHT_READ, actor=actor, request_id="given-1", learner_oid=LEARNER)

    assert (event.actor_type, event.request_id) == (ActorType.SERVICE_CLIENT, "given-1")


def record_read_view(status=200, fail=False):
    def view(request):
        audit.record_on_success(AuditAction.STUDY_RIGHT_READ, subjects=[audit.Subject(LEARNER, STUDY_RIGHT)])
        assert not AuditEvent.objects.exists(), "a read event was inserted before the response"
        if fail:
            raise RuntimeError("the page failed after the read")
        return HttpResponse("data", status=status)

    return view


def test_read_is_recorded_after_successful_response():
    response = run_request(record_read_view())

    event = AuditEvent.objects.get()
    assert (event.action, event.learner_oid, event.study_right_oid) == (AuditAction.STUDY_RIGHT_READ, LEARNER, STUDY_RIGHT)
    assert event.request_id == response[REQUEST_ID_HEADER]


@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_read_of_failed_response_is_not_recorded(status):
    response = run_request(record_read_view(status=status))

    assert response.status_code == status
    assert not AuditEvent.objects.exists()


def test_read_of_view_that_raises_is_not_recorded(settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    from django.core.handlers.exception import convert_exception_to_response

    request = RequestFactory().get("/")
    request.user = UserFactory()
    request.session = {}
    response = RequestIdMiddleware(convert_exception_to_response(record_read_view(fail=True)))(request)

    assert response.status_code == 500
    assert not AuditEvent.objects.exists()


def test_failed_read_insert_turns_response_into_server_error(monkeypatch):
    def failing_insert(*args, **kwargs):
        raise RuntimeError("the audit table is unavailable")

    monkeypatch.setattr(audit, "record_many", failing_insert)

    response = run_request(record_read_view())

    assert response.status_code == 500
    assert b"data" not in response.content
    assert response[REQUEST_ID_HEADER]


def test_read_outside_request_is_recorded_at_once():
    count = audit.record_on_success(AuditAction.STUDY_RIGHT_READ, subjects=[LEARNER])

    assert count == 1
    assert AuditEvent.objects.get().action == AuditAction.STUDY_RIGHT_READ


def test_read_with_malformed_subject_raises_in_view():
    with pytest.raises(ValueError):
        audit.record_on_success(AuditAction.STUDY_RIGHT_READ, subjects=["010190-900P"])


def test_record_many_subject_actions():
    subjects = [
        audit.Subject(LEARNER, action=AuditAction.LEARNER_READ),
        audit.Subject(LEARNER, STUDY_RIGHT, "1.2.246.562.10.10000000003", action=AuditAction.STUDY_RIGHT_READ),
        audit.Subject(LEARNER),
    ]

    with CaptureQueriesContext(connection) as queries:
        audit.record_many(AuditAction.ADMIN_VIEW, subjects=subjects, actor=audit.Actor.system("tests"))

    assert len(queries) == 1
    rows = list(AuditEvent.objects.order_by("id").values_list("action", "study_right_oid", "organisation_oid"))
    assert rows == [
        (AuditAction.LEARNER_READ, "", ""),
        (AuditAction.STUDY_RIGHT_READ, STUDY_RIGHT, "1.2.246.562.10.10000000003"),
        (AuditAction.ADMIN_VIEW, "", ""),
    ]


def test_record_many_rejects_unknown_subject_action():
    with pytest.raises(ValueError):
        audit.record_many(AuditAction.ADMIN_VIEW, subjects=[audit.Subject(LEARNER, action="learner.peek")])


@shared_task(name="tests.record_audit_event")
def record_audit_event():
    audit.record(AuditAction.STUDY_RIGHT_WRITE, learner_oid=LEARNER)


def test_task_records_as_system_named_after_task():
    result = record_audit_event.delay()

    event = AuditEvent.objects.get()
    assert (event.actor_type, event.actor_name) == (ActorType.SYSTEM, "tests.record_audit_event")
    assert event.request_id == result.id
    assert current_audit_scope() is None
