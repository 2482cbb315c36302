"""PostgreSQL triggers: audit events and links accept no UPDATE, and DELETE only through retention."""

import datetime

import psycopg.errors
import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from registry.models import AuditEvent, AuditLink
from registry.services.audit import GENESIS_HASH
from tests.registry.audit.helpers import make_event, record_read

pytestmark = pytest.mark.django_db


def link_for(event, sequence=1):
    return AuditLink.objects.create(
        event=event, chain=event.chain, sequence=sequence, previous_hash=GENESIS_HASH, hash="a" * 64,
        sealed_at=timezone.now(),
    )


def rejected(sql, params=(), settings=()):
    """Run `sql` in a savepoint; return the database error that rejected it, or None."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for name, value in settings:
                cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
            cursor.execute(sql, params)
    except DatabaseError as error:
        return error
    return None


def assert_rejected_by_trigger(error):
    assert error is not None, "the statement was accepted"
    assert isinstance(error.__cause__, psycopg.errors.InsufficientPrivilege), error


RETENTION_30_DAYS = (("tor.audit_retention", "on"), ("tor.audit_retention_days", "30"))


def test_event_update_is_rejected():
    event = record_read()

    error = rejected("UPDATE registry_auditevent SET actor_name = 'someone else' WHERE id = %s", [event.pk])

    assert_rejected_by_trigger(error)
    assert AuditEvent.objects.get(pk=event.pk).actor_name == "official"


def test_event_update_through_orm_is_rejected():
    event = record_read()
    event.learner_oid = "1.2.246.562.24.99999999999"

    with pytest.raises(DatabaseError), transaction.atomic():
        event.save()


def test_link_update_is_rejected():
    link = link_for(record_read())

    error = rejected("UPDATE registry_auditlink SET hash = %s WHERE id = %s", ["b" * 64, link.pk])

    assert_rejected_by_trigger(error)


def test_event_delete_is_rejected():
    event = record_read()

    error = rejected("DELETE FROM registry_auditevent WHERE id = %s", [event.pk])

    assert_rejected_by_trigger(error)
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_link_delete_is_rejected():
    link = link_for(record_read())

    error = rejected("DELETE FROM registry_auditlink WHERE id = %s", [link.pk])

    assert_rejected_by_trigger(error)


def test_old_event_delete_without_retention_setting_is_rejected():
    event = make_event(timezone.now() - datetime.timedelta(days=400))

    error = rejected("DELETE FROM registry_auditevent WHERE id = %s", [event.pk])

    assert_rejected_by_trigger(error)


def test_recent_event_delete_in_retention_is_rejected():
    event = make_event(timezone.now() - datetime.timedelta(days=29))

    error = rejected("DELETE FROM registry_auditevent WHERE id = %s", [event.pk], RETENTION_30_DAYS)

    assert_rejected_by_trigger(error)


@pytest.mark.parametrize("days", ["0", "-5", ""])
def test_retention_without_positive_period_is_rejected(days):
    event = make_event(timezone.now() - datetime.timedelta(days=400))
    settings = (("tor.audit_retention", "on"), ("tor.audit_retention_days", days))

    error = rejected("DELETE FROM registry_auditevent WHERE id = %s", [event.pk], settings)

    assert_rejected_by_trigger(error)


def test_retention_deletes_old_link_then_event():
    event = make_event(timezone.now() - datetime.timedelta(days=31))
    link = link_for(event)

    link_error = rejected("DELETE FROM registry_auditlink WHERE id = %s", [link.pk], RETENTION_30_DAYS)
    event_error = rejected("DELETE FROM registry_auditevent WHERE id = %s", [event.pk], RETENTION_30_DAYS)

    assert link_error is None
    assert event_error is None
    assert not AuditEvent.objects.filter(pk=event.pk).exists()


def test_retention_rejects_link_of_recent_event():
    link = link_for(make_event(timezone.now() - datetime.timedelta(days=10)))

    error = rejected("DELETE FROM registry_auditlink WHERE id = %s", [link.pk], RETENTION_30_DAYS)

    assert_rejected_by_trigger(error)

