"""The change feed under concurrent writers: a consumer that follows the cursor gets every committed change exactly once.

Writers hold their transactions open for random times after writing, so transactions commit in
another order than their ids were handed out in, which is what would make a feed ordered by row
id or time skip changes. The consumer reads pages over HTTP the whole time, as an authority would.
"""

import random
import threading
import time
from collections import Counter

import pytest
from django.db import connection, transaction

from registry.models import StudyRightVersion
from tests.authorities.disclosure import (
    FEED_URL,
    DisclosureClient,
    change_end_date,
    make_agreement,
    registry_administrator,
    store_sample,
)
from tests.factories import synthetic_identity_code

WRITERS = 4
LEARNERS_PER_WRITER = 4


def write_learners(codes, seed, failures):
    """Store and then change one study right per identity code, each in a transaction held open for a while."""
    chance = random.Random(seed)
    try:
        for code in codes:
            with transaction.atomic():
                stored = store_sample("ammatillinen-perustutkinto.json", code)
                time.sleep(chance.uniform(0, 0.15))
            with transaction.atomic():
                change_end_date(stored, f"20{chance.randint(30, 39)}-05-31")
                time.sleep(chance.uniform(0, 0.15))
    except Exception as error:  # noqa: BLE001 - the main thread reports it
        failures.append(error)
    finally:
        connection.close()


def consume(caller, received, writers_done, failures):
    """Follow the feed until the writers are done and a page comes back empty."""
    cursor = ""
    try:
        while True:
            finished = writers_done.is_set()
            response = caller.get(FEED_URL, {"kursori": cursor, "maara": 3})
            assert response.status_code == 200, response.content
            body = response.json()
            received.extend((item["opiskeluoikeusOid"], item["versionumero"]) for item in body["muutokset"])
            cursor = body["kursori"]
            if finished and not body["muutokset"] and not body["lisää"]:
                return
    except Exception as error:  # noqa: BLE001 - the main thread reports it
        failures.append(error)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_reference_data")
def test_feed_under_concurrent_writers():
    registry_administrator()
    caller = DisclosureClient(make_agreement("kela", education_types=["ammatillinenkoulutus"]))
    codes = [[synthetic_identity_code() for _ in range(LEARNERS_PER_WRITER)] for _ in range(WRITERS)]
    received, failures = [], []
    writers_done = threading.Event()

    consumer = threading.Thread(target=consume, args=(caller, received, writers_done, failures))
    writers = [threading.Thread(target=write_learners, args=(codes[index], index, failures)) for index in range(WRITERS)]
    consumer.start()
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    writers_done.set()
    consumer.join(timeout=120)

    assert not failures, failures
    assert not consumer.is_alive(), "the consumer did not reach the end of the feed"
    committed = set(
        StudyRightVersion.objects.filter(study_right__type="ammatillinenkoulutus")
        .values_list("study_right__oid", "version")
    )
    duplicates = [change for change, count in Counter(received).items() if count > 1]
    assert len(committed) == WRITERS * LEARNERS_PER_WRITER * 2
    assert duplicates == []
    assert committed - set(received) == set(), "committed changes the consumer missed"
    assert set(received) - committed == set(), "changes the consumer got that were never committed"
