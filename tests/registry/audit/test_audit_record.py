"""Recording audit events: what a row holds, and what it must never hold."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from registry.models import ActorType, AuditAction, AuditEvent
from registry.services import audit
from tests.factories import UserFactory
from tests.registry.audit.helpers import SYSTEM, record_read

LEARNER = "1.2.246.562.24.10000000008"
STUDY_RIGHT = "1.2.246.562.15.10000000009"
ORGANISATION = "1.2.246.562.10.10000000003"

pytestmark = pytest.mark.django_db


def test_record_stores_identifiers_and_chain():
    user = UserFactory(username="official-audit")

    event = audit.record(
        AuditAction.STUDY_RIGHT_WRITE, actor=audit.Actor.for_user(user), learner_oid=LEARNER,
        study_right_oid=STUDY_RIGHT, organisation_oid=ORGANISATION, request_id="req-1", details={"version": 2},
    )

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.action == "study_right.write"
    assert stored.actor_type == ActorType.USER
    assert stored.actor_id == str(user.pk)
    assert stored.actor_name == "official-audit"
    assert stored.learner_oid == LEARNER
    assert stored.study_right_oid == STUDY_RIGHT
    assert stored.organisation_oid == ORGANISATION
    assert stored.request_id == "req-1"
    assert stored.details == {"version": 2}
    assert stored.chain == stored.occurred_at.strftime("%Y-%m")


def test_record_stores_inserting_transaction_id():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()::text::bigint")
        current = cursor.fetchone()[0]

    event = record_read()

    assert event.transaction_id == current
    assert AuditEvent.objects.get(pk=event.pk).transaction_id == current


def test_explicit_transaction_id_is_replaced():
    event = record_read()

    forged = AuditEvent.objects.create(
        occurred_at=event.occurred_at, actor_type=ActorType.SYSTEM, action=AuditAction.EXPORT, chain=event.chain,
        transaction_id=1,
    )

    forged.refresh_from_db()
    assert forged.transaction_id == event.transaction_id


def test_record_many_is_one_insert():
    learners = [f"1.2.246.562.24.1000000{index:03d}0" for index in range(1500)]

    with CaptureQueriesContext(connection) as queries:
        count = audit.record_many(
            AuditAction.DISCLOSURE, actor=audit.Actor(ActorType.AUTHORITY_CLIENT, "kela-1", "Kela"),
            subjects=learners, agreement_id=17, request_id="batch-1", details={"mode": "batch", "fields": ["ä", 2]},
        )

    assert len(queries) == 1
    assert queries[0]["sql"].startswith("INSERT")
    assert count == 1500
    stored = AuditEvent.objects.filter(request_id="batch-1")
    assert sorted(stored.values_list("learner_oid", flat=True)) == sorted(learners)
    assert set(stored.values_list("agreement_id", flat=True)) == {"17"}
    assert set(stored.values_list("actor_type", "actor_id", "actor_name", "action")) == {
        (ActorType.AUTHORITY_CLIENT, "kela-1", "Kela", AuditAction.DISCLOSURE),
    }
    assert len(set(stored.values_list("occurred_at", flat=True))) == 1
    assert stored.first().details == {"mode": "batch", "fields": ["ä", 2]}
    assert stored.filter(transaction_id__isnull=True).count() == 0
    assert stored.first().chain == audit.chain_of(stored.first().occurred_at)


def test_record_many_fills_organisation_of_subjects():
    audit.record_many(
        AuditAction.EXPORT, actor=SYSTEM, organisation_oid=ORGANISATION, request_id="export-1",
        subjects=[audit.Subject(LEARNER, STUDY_RIGHT), audit.Subject(LEARNER, organisation_oid="1.2.246.562.10.20000000001")],
    )

    stored = AuditEvent.objects.filter(request_id="export-1").order_by("id")
    assert [event.organisation_oid for event in stored] == [ORGANISATION, "1.2.246.562.10.20000000001"]
    assert [event.study_right_oid for event in stored] == [STUDY_RIGHT, ""]


def test_record_many_without_subjects_inserts_nothing():
    with CaptureQueriesContext(connection) as queries:
        count = audit.record_many(AuditAction.DISCLOSURE, actor=SYSTEM, subjects=[])

    assert count == 0
    assert len(queries) == 0


def test_record_many_rejects_malformed_subject():
    with pytest.raises(ValueError):
        audit.record_many(AuditAction.DISCLOSURE, actor=SYSTEM, subjects=[LEARNER, "010190-900P"])

    assert not AuditEvent.objects.exists()


def test_event_rolls_back_with_its_transaction():
    with pytest.raises(RuntimeError), transaction.atomic():
        record_read(request_id="rolled-back")
        raise RuntimeError("the write failed")

    assert not AuditEvent.objects.filter(request_id="rolled-back").exists()


@pytest.mark.parametrize("fields", [
    {"learner_oid": "010190-900P"},
    {"learner_oid": "Virtanen"},
    {"study_right_oid": "1.2.246.562.15.1' OR 1=1"},
    {"request_id": "010190-900P"},
    {"request_id": "x" * 65},
    {"agreement_id": "010190-900P"},
    {"details": {"identity_code": "010190-900P"}},
    {"details": {"nested": ["ok", {"deep": "131052-308T"}]}},
    {"details": {"score": 1.5}},
    {"details": {"text": "a\x00b"}},
    {"details": {1: "non-string key"}},
    {"details": {"long": "x" * 5000}},
    {"details": ["not", "a", "dict"]},
])
def test_record_rejects_personal_data_and_malformed_values(fields):
    with pytest.raises(ValueError):
        audit.record(AuditAction.LEARNER_READ, actor=SYSTEM, **fields)


def test_record_rejects_unknown_action():
    with pytest.raises(ValueError):
        audit.record("learner.peek", actor=SYSTEM)


def test_actor_name_with_identity_code_is_masked():
    event = audit.record(AuditAction.ADMIN_VIEW, actor=audit.Actor(ActorType.USER, "3", "user 010190-900P"))

    assert "010190-900P" not in event.actor_name
    assert event.actor_name == "user [identity code]"


def test_seal_pending_refuses_open_transaction():
    with pytest.raises(RuntimeError):
        audit.seal_pending()
