"""verify_audit_trail: an intact trail passes, pending events are not breaks, and tampering names the event.

Tampering runs as the tables' owner, who can disable the protection triggers for one transaction
with ALTER TABLE … DISABLE TRIGGER. The application's database role in production cannot do
that, and the hash chain is what catches such a change.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from registry.models import AuditEvent, AuditLink
from registry.services import audit
from registry.services.audit import ProblemKind
from tests.registry.audit.helpers import record_read, seal_all, triggers_disabled

pytestmark = pytest.mark.django_db(transaction=True)

PROJECT = Path(__file__).resolve().parents[3]


@pytest.fixture
def sealed_events():
    """Five sealed events of one chain, in chain order."""
    for _ in range(5):
        record_read()
    seal_all()
    return list(AuditEvent.objects.filter(link__isnull=False).order_by("link__sequence"))


def only_problem(report):
    problems = [problem for chain in report.chains for problem in chain.problems]
    assert len(problems) == 1, problems
    return problems[0]


def test_intact_trail_passes(sealed_events, capsys):
    with translation.override("en"):
        call_command("verify_audit_trail")

    assert "5 links checked" in capsys.readouterr().out


def test_changed_event_row_fails_naming_it(sealed_events):
    target = sealed_events[2]
    with triggers_disabled("registry_auditevent") as cursor:
        cursor.execute("UPDATE registry_auditevent SET actor_name = 'someone else' WHERE id = %s", [target.pk])

    problem = only_problem(audit.verify_chains())

    assert problem.kind == ProblemKind.EVENT_CHANGED
    assert problem.event_id == target.pk
    assert problem.sequence == 3
    assert problem.chain == target.chain


def test_command_fails_naming_changed_event(sealed_events):
    target = sealed_events[1]
    with triggers_disabled("registry_auditevent") as cursor:
        cursor.execute("UPDATE registry_auditevent SET details = '{\"page\": \"other\"}' WHERE id = %s", [target.pk])

    with pytest.raises(CommandError) as failure, translation.override("en"):
        call_command("verify_audit_trail")

    assert failure.value.returncode == 1
    assert f"event: {target.pk} " in str(failure.value)
    assert f"chain {target.chain}, sequence 2" in str(failure.value)


def test_changed_learner_of_last_event_fails(sealed_events):
    target = sealed_events[-1]
    with triggers_disabled("registry_auditevent") as cursor:
        cursor.execute("UPDATE registry_auditevent SET learner_oid = '1.2.246.562.24.99999999999' WHERE id = %s", [target.pk])

    problem = only_problem(audit.verify_chains())

    assert problem.kind == ProblemKind.HASH_MISMATCH
    assert problem.event_id == target.pk


def test_changed_link_hash_fails(sealed_events):
    target = sealed_events[1]
    with triggers_disabled("registry_auditlink") as cursor:
        cursor.execute("UPDATE registry_auditlink SET hash = %s WHERE event_id = %s", ["f" * 64, target.pk])

    problem = only_problem(audit.verify_chains())

    assert problem.kind == ProblemKind.LINK_CHANGED
    assert problem.event_id == target.pk
    assert problem.sequence == 2


def test_changed_previous_hash_fails(sealed_events):
    target = sealed_events[3]
    with triggers_disabled("registry_auditlink") as cursor:
        cursor.execute("UPDATE registry_auditlink SET previous_hash = %s WHERE event_id = %s", ["e" * 64, target.pk])

    problem = only_problem(audit.verify_chains())

    assert problem.kind == ProblemKind.LINK_CHANGED
    assert problem.event_id == target.pk


def test_rehashed_event_still_fails(sealed_events):
    """Changing an event and recomputing its own link's hash breaks the next link instead."""
    target = sealed_events[1]
    with triggers_disabled("registry_auditevent", "registry_auditlink") as cursor:
        cursor.execute("UPDATE registry_auditevent SET actor_id = '99' WHERE id = %s", [target.pk])
        link = AuditLink.objects.get(event=target)
        event = AuditEvent.objects.filter(pk=target.pk).values(*audit.HASHED_FIELDS).get()
        forged = audit.link_hash(event, chain=link.chain, sequence=link.sequence, previous_hash=link.previous_hash)
        cursor.execute("UPDATE registry_auditlink SET hash = %s WHERE id = %s", [forged, link.pk])

    problem = only_problem(audit.verify_chains())

    assert problem.kind == ProblemKind.LINK_CHANGED
    assert problem.sequence == 3


def test_missing_link_in_middle_fails(sealed_events):
    target = sealed_events[2]
    with triggers_disabled("registry_auditlink") as cursor:
        cursor.execute("DELETE FROM registry_auditlink WHERE event_id = %s", [target.pk])

    report = audit.verify_chains()

    problem = only_problem(report)
    assert problem.kind == ProblemKind.LINK_MISSING
    assert problem.event_id == target.pk
    assert problem.sequence == 3
    assert report.pending == 0


def test_missing_event_fails(sealed_events):
    target = sealed_events[2]
    with triggers_disabled("registry_auditevent", scope="ALL") as cursor:
        cursor.execute("DELETE FROM registry_auditevent WHERE id = %s", [target.pk])

    problem = only_problem(audit.verify_chains())

    assert problem.kind == ProblemKind.EVENT_MISSING
    assert problem.event_id == target.pk
    assert problem.sequence == 3


def test_missing_last_link_leaves_event_pending(sealed_events):
    """Removing the newest link is not detectable by the chain alone: the event is sealed again."""
    target = sealed_events[-1]
    with triggers_disabled("registry_auditlink") as cursor:
        cursor.execute("DELETE FROM registry_auditlink WHERE event_id = %s", [target.pk])

    report = audit.verify_chains()

    assert report.broken_chains == []
    assert report.pending == 1


def test_pending_events_are_not_broken(sealed_events, capsys):
    record_read()
    record_read()

    with translation.override("en"):
        call_command("verify_audit_trail")

    report = audit.verify_chains()
    assert report.pending == 2
    assert report.broken_chains == []
    assert "2 events pending" in capsys.readouterr().out


def test_only_pending_events_pass(capsys):
    record_read()

    with translation.override("en"):
        call_command("verify_audit_trail")

    assert "1 event pending" in capsys.readouterr().out


def run_command(*arguments):
    """Run manage.py against the test database in a process of its own and return it when it ends."""
    database = settings.DATABASES["default"]
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    environment = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=PROJECT, env=environment,
        capture_output=True, text=True, timeout=120,
    )


def test_exit_status_of_command(sealed_events):
    record_read()
    intact = run_command("verify_audit_trail")
    target = sealed_events[0]
    with triggers_disabled("registry_auditevent") as cursor:
        cursor.execute("UPDATE registry_auditevent SET request_id = 'forged' WHERE id = %s", [target.pk])

    broken = run_command("verify_audit_trail")

    # manage.py speaks the default language, Finnish.
    assert intact.returncode == 0, intact.stderr
    assert "1 tapahtuma odottaa" in intact.stdout
    assert broken.returncode == 1
    assert f"tapahtuma {target.pk}:" in broken.stderr
