"""A bulk dataset of the demo data, requested through the API and built by each kind of runner.

The embedded default runs the job in the requesting process. Production runs it on a Celery
worker with Redis as the broker: the second test starts a real worker process against Redis on
127.0.0.1:6379 and the test database, which it can read because the test commits its data.
"""

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import kombu.pools
import pytest
from django.conf import settings
from django.db import connection

from authorities.models import AccessMode, Dataset, DatasetStatus, Disclosure, DisclosureLogEntry
from registry.models import Learner
from registry.services.demo import load_demo_data
from tests.authorities.disclosure import DATASETS_URL, DisclosureClient, database_url, make_agreement
from tests.conftest import REFERENCE, SAMPLES
from tor.celery import app as celery_app

BROKER_URL = os.environ.get("TOR_TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/13")
PROJECT = Path(__file__).resolve().parents[3]
WORKER_WAIT_SECONDS = 180


def load_demo():
    load_demo_data(reference_directory=REFERENCE, samples_directory=SAMPLES / "koski")


def check_dataset_file(caller, dataset_url):
    """Read the finished dataset's status and file; assert that every learner in scope is in both, once."""
    status = caller.get(dataset_url).json()
    assert status["tila"] == DatasetStatus.COMPLETED, status
    response = caller.client.get(status["tiedosto"]["osoite"], **caller.headers)
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    oids = [json.loads(line)["henkilö"]["oid"] for line in lines]

    dataset = Dataset.objects.get()
    disclosure = Disclosure.objects.get(mode=AccessMode.BULK_DATASET)
    logged = list(DisclosureLogEntry.objects.filter(disclosure=disclosure).values_list("learner__oid", flat=True))
    with_study_rights = Learner.objects.filter(study_rights__invalidated=False, master__isnull=True).distinct().count()
    assert len(oids) == len(set(oids))
    assert len(oids) > 20
    assert len(oids) == with_study_rights
    assert sorted(logged) == sorted(oids)
    assert disclosure.complete
    assert dataset.learners_done == dataset.learners_total == len(oids)


@pytest.mark.django_db
def test_demo_dataset_by_in_process_runner(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.TOR_DATASET_ROOT = tmp_path
    load_demo()
    caller = DisclosureClient(make_agreement("tilastokeskus"))

    with django_capture_on_commit_callbacks(execute=True):
        response = caller.post(DATASETS_URL, {"muoto": "jsonl"})

    assert response.status_code == 202
    check_dataset_file(caller, response["Location"])


def forget_broker_connections():
    """Make the app build its queues, routes and broker connections again from its changed configuration.

    The app caches them on first use, with the broker and default queue of that moment. kombu
    keeps its connection and producer pools in a registry of its own, so closing only the app's
    pool would leave a closed pool there for the next task to acquire from; reset empties it.
    """
    celery_app.__dict__.pop("amqp", None)
    celery_app._pool = None
    kombu.pools.reset()


@pytest.fixture
def celery_worker_process(tmp_path, settings):
    """Start a Celery worker on a queue of its own, with the test database and dataset folder; point the app at it."""
    settings.TOR_DATASET_ROOT = tmp_path
    queue = f"tor-test-{uuid.uuid4().hex[:8]}"
    database = connection.settings_dict
    environment = {
        **os.environ,
        "DATABASE_URL": database_url(database),
        "CELERY_BROKER_URL": BROKER_URL,
        "TOR_DATASET_ROOT": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "tor.settings",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tor", "worker", "--pool=solo", "--concurrency=1", "-Q", queue,
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel=INFO"],
        cwd=PROJECT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    celery_app.conf.update(broker_url=BROKER_URL, task_always_eager=False, task_default_queue=queue)
    forget_broker_connections()
    try:
        yield worker
    finally:
        celery_app.conf.update(saved)
        forget_broker_connections()
        worker.terminate()
        try:
            output, _unused = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _unused = worker.communicate()
        print(output[-5000:])
        remove_queue_keys(queue)


def remove_queue_keys(queue):
    """Delete the Redis keys that Celery left for the test's own queue."""
    import redis

    client = redis.Redis.from_url(BROKER_URL)
    for key in client.scan_iter(match=f"*{queue}*"):
        client.delete(key)


@pytest.mark.django_db(transaction=True)
def test_demo_dataset_by_celery_worker_with_redis(celery_worker_process):
    load_demo()
    caller = DisclosureClient(make_agreement("tilastokeskus"))

    response = caller.post(DATASETS_URL, {"muoto": "jsonl"})
    assert response.status_code == 202
    assert response.json()["tila"] == DatasetStatus.QUEUED
    deadline = time.monotonic() + WORKER_WAIT_SECONDS
    while Dataset.objects.get().status in (DatasetStatus.QUEUED, DatasetStatus.RUNNING):
        assert celery_worker_process.poll() is None, "the Celery worker stopped"
        assert time.monotonic() < deadline, "the Celery worker did not finish the dataset in time"
        time.sleep(0.5)

    check_dataset_file(caller, response["Location"])
    assert Path(settings.TOR_DATASET_ROOT, Dataset.objects.get().file_name).is_file()
