"""/metrics after some traffic: requests per route, transfers, disclosures, the task queue and the sealing lag."""

import datetime

import pytest
import redis
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from registry.models import AuditEvent
from registry.services import audit
from tests import documents
from tests.authorities.disclosure import LOOKUP_URL, DisclosureClient, lookup_body, make_agreement, store_sample
from tests.registry.audit.helpers import make_event, seal_all

pytestmark = pytest.mark.django_db

# A Redis database and queue of this test's own, so no worker or other test reads them.
TEST_BROKER = "redis://127.0.0.1:6379/13"
TEST_QUEUE = "tor-ops-metrics-test"


def scrape(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def writer(api, admin_user):
    return api.as_user(admin_user, "admin-password")


def test_metrics_answer_without_login(client):
    response = client.get("/metrics")

    assert response.status_code == 200
    assert b"tor_http_requests_total" in response.content or b"tor_task_queue_depth" in response.content


def test_requests_are_counted_per_route_name(client, writer):
    before = scrape(client)
    learner = writer.put("/api/v1/oppija", documents.vocational()).json()

    writer.get(f"/api/v1/oppija/{learner['henkilö']['oid']}")
    writer.get(f"/api/v1/oppija/{learner['henkilö']['oid']}")
    after = scrape(client)

    labels = {"route": "api:learner-read", "method": "GET", "status": "200"}
    assert value(after, "tor_http_requests_total", **labels) - value(before, "tor_http_requests_total", **labels) == 2
    count = value(after, "tor_http_request_duration_seconds_count", route="api:learner-read", method="GET")
    assert count - value(before, "tor_http_request_duration_seconds_count", route="api:learner-read", method="GET") == 2
    assert not any(learner["henkilö"]["oid"] in str(key) for key in after)


def test_transfers_counted_per_provider_and_outcome(client, writer, django_capture_on_commit_callbacks):
    accepted_labels = {"provider": documents.STADI, "source_system": "winnova", "outcome": "accepted"}
    rejected_labels = {**accepted_labels, "outcome": "rejected"}
    before = scrape(client)
    bad = documents.vocational(source_id="tor-test-2")
    documents.study_right(bad)["tila"]["opiskeluoikeusjaksot"][0]["tila"]["koodiarvo"] = "opiskelee"

    with django_capture_on_commit_callbacks(execute=True):
        assert writer.put("/api/v1/oppija", documents.vocational()).status_code == 200
        assert writer.put("/api/v1/oppija", bad).status_code == 400
    after = scrape(client)

    assert value(after, "tor_transfers_total", **accepted_labels) - value(before, "tor_transfers_total", **accepted_labels) == 1
    assert value(after, "tor_transfers_total", **rejected_labels) - value(before, "tor_transfers_total", **rejected_labels) == 1
    assert value(after, "tor_transfer_log_learners", **accepted_labels) == 1
    assert value(after, "tor_transfer_log_learners", **rejected_labels) == 1


def test_disclosures_are_counted_per_agreement(client):
    agreement = make_agreement("kela")
    stored = store_sample("lukio-paattotodistus.json")
    caller = DisclosureClient(agreement)
    before = scrape(client)

    for _ in range(2):
        assert caller.post(LOOKUP_URL, lookup_body({"oid": stored.learner.oid})).status_code == 200
    after = scrape(client)

    assert value(after, "tor_disclosures", agreement=str(agreement.pk)) - value(before, "tor_disclosures", agreement=str(agreement.pk)) == 2


def test_task_queue_depth_is_the_broker_list_length(client, settings):
    settings.CELERY_BROKER_URL = TEST_BROKER
    settings.CELERY_TASK_DEFAULT_QUEUE = TEST_QUEUE
    broker = redis.Redis.from_url(TEST_BROKER)
    broker.delete(TEST_QUEUE)
    broker.rpush(TEST_QUEUE, "task-1", "task-2", "task-3")
    try:
        samples = scrape(client)
    finally:
        broker.delete(TEST_QUEUE)

    assert value(samples, "tor_task_queue_depth", queue=TEST_QUEUE) == 3


def test_unreachable_broker_shows_as_minus_one(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"

    assert value(scrape(client), "tor_task_queue_depth", queue="celery") == -1


@pytest.mark.django_db(transaction=True)
def test_sealing_lag_is_oldest_unsealed_age(client):
    seal_all()
    make_event(timezone.now() - datetime.timedelta(minutes=10), chain=audit.chain_of(timezone.now()))

    samples = scrape(client)

    assert value(samples, "tor_audit_unsealed_events") >= 1
    assert 600 <= value(samples, "tor_audit_sealing_lag_seconds") < 3600

    seal_all()
    samples = scrape(client)
    assert value(samples, "tor_audit_unsealed_events") == 0
    assert value(samples, "tor_audit_sealing_lag_seconds") == 0
    assert AuditEvent.objects.filter(link__isnull=True).count() == 0
