"""Concurrent writers and sealers: every committed event is sealed exactly once, in a verifiable chain."""

import random
import threading
import time

import pytest
from django.db import connection, transaction
from django.db.models import Count

from registry.models import AuditAction, AuditEvent, AuditLink
from registry.services import audit
from tests.registry.audit.helpers import SYSTEM, record_read, seal_all

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 8
TRANSACTIONS_PER_WRITER = 15
SEALERS = 3
LEARNERS = [f"1.2.246.562.24.2000000{index:03d}1" for index in range(4)]


def write_events(index, errors):
    """Commit transactions of one to three events (every third with a bulk disclosure), held open for a moment.

    One transaction in five rolls back.
    """
    generator = random.Random(index)
    try:
        for number in range(TRANSACTIONS_PER_WRITER):
            try:
                with transaction.atomic():
                    for _ in range(generator.randint(1, 3)):
                        record_read(details={"writer": index, "transaction": number})
                        time.sleep(generator.random() * 0.01)
                    if number % 3 == 0:
                        audit.record_many(AuditAction.DISCLOSURE, actor=SYSTEM, subjects=LEARNERS)
                    # Held open, so later transactions commit first and a careless sealer would skip this one.
                    time.sleep(generator.random() * 0.02)
                    if number % 5 == 4:
                        raise RollBack
            except RollBack:
                pass
    except Exception as error:  # noqa: BLE001 - reported to the test thread
        errors.append(error)
    finally:
        connection.close()


class RollBack(Exception):
    pass


def seal_repeatedly(stop, errors, counts):
    try:
        while not stop.is_set():
            counts.append(audit.seal_pending(batch_size=7).total)
            time.sleep(0.005)
    except Exception as error:  # noqa: BLE001 - reported to the test thread
        errors.append(error)
    finally:
        connection.close()


def test_concurrent_writers_are_sealed_exactly_once():
    errors, counts = [], []
    stop = threading.Event()
    writers = [threading.Thread(target=write_events, args=(index, errors)) for index in range(WRITERS)]
    sealers = [threading.Thread(target=seal_repeatedly, args=(stop, errors, counts)) for _ in range(SEALERS)]

    for thread in sealers + writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=120)
    stop.set()
    for thread in sealers:
        thread.join(timeout=120)
    seal_all()

    assert errors == []
    events = AuditEvent.objects.count()
    assert events > 0
    assert AuditLink.objects.count() == events
    assert not AuditLink.objects.values("event").annotate(links=Count("id")).filter(links__gt=1).exists()
    for chain in AuditLink.objects.values_list("chain", flat=True).distinct():
        links = AuditLink.objects.filter(chain=chain).order_by("sequence")
        assert list(links.values_list("sequence", flat=True)) == list(range(1, links.count() + 1))
        in_chain_order = list(
            AuditEvent.objects.filter(chain=chain).order_by("transaction_id", "id").values_list("id", flat=True)
        )
        assert list(links.values_list("event_id", flat=True)) == in_chain_order
    assert audit.verify_chains().broken_chains == []
