"""apply_audit_retention: expired events leave through the triggers' retention path, and the chain still verifies."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation

from registry.models import AuditAction, AuditEvent, AuditLink
from registry.services import audit
from registry.services.audit import ProblemKind
from tests.registry.audit.helpers import make_event, record_read, seal_all, triggers_disabled

pytestmark = pytest.mark.django_db(transaction=True)


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def straddling_chain():
    """One chain of six sealed events: three 40 days old, then three from today.

    The chain is set explicitly so the cutoff falls inside one chain whatever today's date is.
    """
    chain = audit.chain_of(timezone.now())
    old = [make_event(days_ago(40), chain=chain) for _ in range(3)]
    recent = [make_event(chain=chain) for _ in range(3)]
    seal_all()
    return chain, old, recent


def test_retention_removes_expired_prefix(straddling_chain):
    chain, old, recent = straddling_chain
    first_remaining = AuditLink.objects.get(event=recent[0])

    report = audit.apply_retention(30)

    assert report.events_deleted == 3
    assert not AuditEvent.objects.filter(pk__in=[event.pk for event in old]).exists()
    assert AuditLink.objects.filter(chain=chain).order_by("sequence").first() == first_remaining
    assert AuditLink.objects.get(pk=first_remaining.pk).previous_hash == first_remaining.previous_hash
    assert report.chain_starts == {chain: {"sequence": 4, "previous_hash": first_remaining.previous_hash}}


def test_chain_verifies_after_retention(straddling_chain):
    audit.apply_retention(30)
    seal_all()

    report = audit.verify_chains()

    assert report.broken_chains == []
    assert {chain.chain: chain.first_sequence for chain in report.chains}[straddling_chain[0]] == 4


def test_retention_run_is_recorded():
    old_chain = audit.chain_of(days_ago(400))
    make_event(days_ago(400))
    seal_all()

    audit.apply_retention(30)

    run = AuditEvent.objects.get(action=AuditAction.AUDIT_RETENTION)
    assert run.details["days"] == 30
    assert run.details["events_deleted"] == 1
    assert run.details["chains_removed"] == [old_chain]


def test_unsealed_expired_events_stay():
    sealed = make_event(days_ago(60))
    seal_all()
    unsealed = make_event(days_ago(60))

    report = audit.apply_retention(30)

    assert report.events_deleted == 1
    assert not AuditEvent.objects.filter(pk=sealed.pk).exists()
    assert AuditEvent.objects.filter(pk=unsealed.pk).exists()


def test_dry_run_removes_nothing(straddling_chain):
    report = audit.apply_retention(30, dry_run=True)

    assert report.events_deleted == 3
    assert AuditEvent.objects.count() == 6
    assert AuditLink.objects.count() == 6
    assert not AuditEvent.objects.filter(action=AuditAction.AUDIT_RETENTION).exists()


def test_retention_setting_ends_with_transaction(straddling_chain):
    audit.apply_retention(30)
    remaining = AuditEvent.objects.exclude(action=AuditAction.AUDIT_RETENTION).first()

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM registry_auditevent WHERE id = %s", [remaining.pk])


def test_start_removed_outside_retention_fails(straddling_chain):
    chain, old, recent = straddling_chain
    with triggers_disabled("registry_auditevent", "registry_auditlink") as cursor:
        cursor.execute("DELETE FROM registry_auditlink WHERE event_id = %s", [old[0].pk])
        cursor.execute("DELETE FROM registry_auditevent WHERE id = %s", [old[0].pk])

    report = audit.verify_chains()

    problems = report.broken_chains[0].problems
    assert [problem.kind for problem in problems] == [ProblemKind.START_UNEXPLAINED]
    assert problems[0].event_id == old[1].pk


def test_second_run_keeps_recorded_starts(straddling_chain):
    chain = straddling_chain[0]
    audit.apply_retention(30)
    record_read()
    seal_all()

    audit.apply_retention(30)

    assert audit.verify_chains().broken_chains == []
    latest = AuditEvent.objects.filter(action=AuditAction.AUDIT_RETENTION).order_by("-id").first()
    assert latest.details["chain_starts"][chain]["sequence"] == 4


def test_command_uses_days_argument(straddling_chain, capsys):
    with translation.override("en"):
        call_command("apply_audit_retention", "--days", "30")

    assert "3 audit events" in capsys.readouterr().out
    assert AuditEvent.objects.exclude(action=AuditAction.AUDIT_RETENTION).count() == 3


def test_command_uses_setting(straddling_chain, settings):
    settings.TOR_AUDIT_RETENTION_DAYS = 30

    call_command("apply_audit_retention")

    assert AuditEvent.objects.exclude(action=AuditAction.AUDIT_RETENTION).count() == 3


def test_command_without_period_fails(settings):
    settings.TOR_AUDIT_RETENTION_DAYS = None

    with pytest.raises(CommandError):
        call_command("apply_audit_retention")


@pytest.mark.parametrize("days", [0, -1])
def test_command_rejects_non_positive_period(days):
    with pytest.raises(CommandError):
        call_command("apply_audit_retention", "--days", str(days))
