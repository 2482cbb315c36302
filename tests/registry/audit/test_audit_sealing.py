"""Sealing audit events into hash chains, in an order that never skips a committed event."""

import datetime
import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from registry.models import AuditEvent, AuditLink
from registry.services import audit
from registry.tasks import seal_audit_trail
from tests.registry.audit.helpers import make_event, record_read, seal_all

pytestmark = pytest.mark.django_db(transaction=True)


def test_record_seal_verify_passes():
    events = [record_read() for _ in range(5)]

    seal_all()
    report = audit.verify_chains()

    assert report.broken_chains == []
    assert report.pending == 0
    assert AuditLink.objects.count() == len(events)
    assert [chain.links_checked for chain in report.chains] == [5]


def test_links_chain_hashes_from_genesis():
    for _ in range(3):
        record_read()

    seal_all()

    links = list(AuditLink.objects.order_by("sequence").select_related("event"))
    assert [link.sequence for link in links] == [1, 2, 3]
    assert links[0].previous_hash == audit.GENESIS_HASH
    assert links[1].previous_hash == links[0].hash
    assert links[2].previous_hash == links[1].hash
    event = AuditEvent.objects.filter(pk=links[0].event_id).values(*audit.HASHED_FIELDS).get()
    assert links[0].hash == audit.link_hash(event, chain=links[0].chain, sequence=1, previous_hash=audit.GENESIS_HASH)


def test_chain_order_is_transaction_then_id():
    with transaction.atomic():
        first = record_read()
        second = record_read()
    third = record_read()

    seal_all()

    ordered = list(AuditLink.objects.order_by("sequence").values_list("event_id", flat=True))
    assert ordered == [first.pk, second.pk, third.pk]
    assert first.transaction_id == second.transaction_id < third.transaction_id


def test_each_month_is_its_own_chain():
    november = make_event(datetime.datetime(2026, 11, 30, 23, 59, 59, tzinfo=datetime.UTC))
    december = make_event(datetime.datetime(2026, 12, 1, 0, 0, 0, tzinfo=datetime.UTC))

    seal_all()

    assert AuditLink.objects.get(event=november).chain == "2026-11"
    assert AuditLink.objects.get(event=december).chain == "2026-12"
    assert set(AuditLink.objects.values_list("sequence", flat=True)) == {1}
    assert audit.verify_chains().broken_chains == []


def test_open_earlier_transaction_holds_back_later_events():
    recorded = threading.Event()
    release = threading.Event()
    opened = {}

    def open_transaction():
        try:
            with transaction.atomic():
                opened["event"] = record_read()
                recorded.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=open_transaction)
    thread.start()
    assert recorded.wait(timeout=30)
    later = record_read()

    audit.seal_pending()
    sealed_while_open = AuditLink.objects.filter(event=later).exists()
    report_while_open = audit.verify_chains()
    release.set()
    thread.join(timeout=30)
    seal_all()

    assert not sealed_while_open
    assert report_while_open.broken_chains == []
    assert report_while_open.pending == 1
    ordered = list(AuditLink.objects.order_by("sequence").values_list("event_id", flat=True))
    assert ordered == [opened["event"].pk, later.pk]


def test_sealing_twice_adds_nothing():
    record_read()
    seal_all()

    report = audit.seal_pending()

    assert report.total == 0
    assert AuditLink.objects.count() == 1


def test_seal_limit_is_respected():
    for _ in range(7):
        record_read()
    seal_all()
    for _ in range(5):
        record_read()

    first = audit.seal_pending(limit=2, batch_size=1)
    seal_all()

    assert first.total <= 2
    assert list(AuditLink.objects.order_by("sequence").values_list("sequence", flat=True)) == list(range(1, 13))
    assert audit.verify_chains().broken_chains == []


def test_celery_task_seals():
    record_read()
    record_read()
    seal_all_with_task()

    assert AuditLink.objects.count() == 2


def seal_all_with_task():
    """Run the Celery task (in-process without a broker) until nothing is pending."""
    deadline = timezone.now() + datetime.timedelta(seconds=60)
    while AuditEvent.objects.filter(link__isnull=True).exists():
        assert timezone.now() < deadline, "the task left events pending for 60 s"
        seal_audit_trail.delay()
        time.sleep(0.05)
