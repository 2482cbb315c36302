"""Helpers of the audit-trail tests: events in the past, sealing that waits, and tampering as the table owner."""

import time
from contextlib import contextmanager

from django.db import connection, transaction
from django.utils import timezone

from registry.models import ActorType, AuditAction, AuditEvent
from registry.oids import LEARNER_NODE, generate_oid
from registry.services import audit

SYSTEM = audit.Actor.system("tests")
# The sealer waits for every transaction of the PostgreSQL server that started writing before an
# event's, in any database, so other test runs on the same server can delay it for a while.
SEAL_TIMEOUT_SECONDS = 60


def record_read(**fields):
    """Record one study-right read by a test user."""
    fields.setdefault("learner_oid", generate_oid(LEARNER_NODE))
    fields.setdefault("request_id", audit.new_request_id())
    return audit.record(AuditAction.STUDY_RIGHT_READ, actor=audit.Actor(ActorType.USER, "7", "official"), **fields)


def make_event(occurred_at=None, **fields):
    """Insert an event directly, so it can have a time in the past; the chain follows the time."""
    occurred_at = occurred_at or timezone.now()
    values = {
        "occurred_at": occurred_at, "actor_type": ActorType.SYSTEM, "actor_name": "tests",
        "action": AuditAction.EXPORT, "learner_oid": generate_oid(LEARNER_NODE), "chain": audit.chain_of(occurred_at),
    }
    values.update(fields)
    return AuditEvent.objects.create(**values)


def seal_all(expected=None):
    """Seal until no event is pending, retrying while other transactions on the server hold sealing back."""
    deadline = time.monotonic() + SEAL_TIMEOUT_SECONDS
    while True:
        audit.seal_pending()
        pending = AuditEvent.objects.filter(link__isnull=True).count()
        if not pending:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{pending} audit events were still pending after {SEAL_TIMEOUT_SECONDS} s.")
        time.sleep(0.05)


@contextmanager
def triggers_disabled(*tables, scope="USER"):
    """Run the block with the tables' triggers disabled, in one transaction, as only a table owner can.

    `scope` "USER" disables the protection triggers; "ALL" also disables foreign-key checks, which
    needs a superuser. The triggers are enabled again in the same transaction, so the committed
    state always has them on, even when the block fails.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {scope}")
        yield cursor
        # Deferred foreign-key checks must run before ALTER TABLE may touch the tables again.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {scope}")
