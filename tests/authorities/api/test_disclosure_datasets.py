"""Bulk datasets through the disclosure API with the in-process runner of the embedded default.

Without CELERY_BROKER_URL the job runs in the requesting process once the request's transaction
commits. Each test runs inside a transaction, so `django_capture_on_commit_callbacks` runs the job.
"""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from authorities.models import AccessMode, Dataset, DatasetStatus, Disclosure, DisclosureLogEntry
from authorities.services.datasets import delete_expired_datasets
from registry.models import AuditAction, AuditEvent
from tests.authorities.disclosure import DATASETS_URL, DisclosureClient, error_keys, make_agreement, store_sample

pytestmark = pytest.mark.django_db

SAMPLES = ("ammatillinen-perustutkinto.json", "lukio-paattotodistus.json", "esiopetusvalmis.json")


@pytest.fixture(autouse=True)
def dataset_root(settings, tmp_path):
    settings.TOR_DATASET_ROOT = tmp_path / "datasets"
    return settings.TOR_DATASET_ROOT


def request_dataset(caller, capture, file_format="jsonl"):
    with capture(execute=True):
        response = caller.post(DATASETS_URL, {"muoto": file_format})
    assert response.status_code == 202, response.content
    return response


def download(caller, status):
    link = status["tiedosto"]["osoite"]
    return caller.client.get(link, **caller.headers)


def test_jsonl_dataset_holds_every_learner_in_scope(django_capture_on_commit_callbacks):
    stored = [store_sample(name) for name in SAMPLES]
    caller = DisclosureClient(make_agreement("kela", education_types=["ammatillinenkoulutus", "lukiokoulutus"]))

    response = request_dataset(caller, django_capture_on_commit_callbacks)
    status = caller.get(response["Location"]).json()
    file_response = download(caller, status)

    assert status["tila"] == DatasetStatus.COMPLETED
    assert status["edistyminen"]["oppijoitaKaikkiaan"] == 2
    assert status["edistyminen"]["oppijoitaKäsitelty"] == 2
    assert file_response.status_code == 200
    lines = b"".join(file_response.streaming_content).decode().splitlines()
    documents = [json.loads(line) for line in lines]
    assert sorted(item["henkilö"]["oid"] for item in documents) == sorted(item.learner.oid for item in stored[:2])
    assert file_response["Cache-Control"] == "no-store"


def test_dataset_logs_every_learner_once_and_completes_disclosure(django_capture_on_commit_callbacks):
    stored = [store_sample(name) for name in SAMPLES]
    caller = DisclosureClient(make_agreement("kela"))

    request_dataset(caller, django_capture_on_commit_callbacks)

    disclosure = Disclosure.objects.get(mode=AccessMode.BULK_DATASET)
    assert disclosure.complete
    assert disclosure.learner_count == len(stored)
    logged = DisclosureLogEntry.objects.filter(disclosure=disclosure).values_list("learner__oid", flat=True)
    assert sorted(logged) == sorted(item.learner.oid for item in stored)
    events = AuditEvent.objects.filter(action=AuditAction.DISCLOSURE).values_list("learner_oid", flat=True)
    assert sorted(events) == sorted(item.learner.oid for item in stored)


def test_csv_dataset_has_one_row_per_value(django_capture_on_commit_callbacks):
    stored = store_sample("ammatillinen-perustutkinto.json")
    caller = DisclosureClient(make_agreement("kela", education_types=["ammatillinenkoulutus"]))

    response = request_dataset(caller, django_capture_on_commit_callbacks, "csv")
    status = caller.get(response["Location"]).json()
    text = b"".join(download(caller, status).streaming_content).decode()

    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["oppijaOid", "opiskeluoikeusOid", "polku", "arvo"]
    assert ["henkilö.oid", stored.learner.oid] == [rows[1][2], rows[1][3]]
    oid = stored.study_rights[0].study_right.oid
    assert [stored.learner.oid, oid, "opiskeluoikeudet[0].oid", oid] in rows


def test_download_link_expires(django_capture_on_commit_callbacks, settings):
    store_sample("ammatillinen-perustutkinto.json")
    caller = DisclosureClient(make_agreement("kela"))
    status = caller.get(request_dataset(caller, django_capture_on_commit_callbacks)["Location"]).json()

    settings.TOR_DATASET_LINK_SECONDS = -1
    response = download(caller, status)

    assert response.status_code == 403
    assert error_keys(response) == ["forbidden.luovutus.latauslinkki"]


def test_tampered_link_is_rejected(django_capture_on_commit_callbacks):
    store_sample("ammatillinen-perustutkinto.json")
    caller = DisclosureClient(make_agreement("kela"))
    status = caller.get(request_dataset(caller, django_capture_on_commit_callbacks)["Location"]).json()

    response = caller.client.get(status["tiedosto"]["osoite"][:-3] + "abc", **caller.headers)

    assert response.status_code == 403
    assert error_keys(response) == ["forbidden.luovutus.latauslinkki"]


def test_link_needs_client_token(django_capture_on_commit_callbacks, client):
    store_sample("ammatillinen-perustutkinto.json")
    caller = DisclosureClient(make_agreement("kela"))
    status = caller.get(request_dataset(caller, django_capture_on_commit_callbacks)["Location"]).json()

    response = client.get(status["tiedosto"]["osoite"])

    assert response.status_code == 401


def test_other_agreement_cannot_read_dataset(django_capture_on_commit_callbacks):
    store_sample("ammatillinen-perustutkinto.json")
    owner = DisclosureClient(make_agreement("kela"))
    other = DisclosureClient(make_agreement("tilastokeskus"))
    location = request_dataset(owner, django_capture_on_commit_callbacks)["Location"]

    response = other.get(location)

    assert response.status_code == 404
    assert error_keys(response) == ["notFound.luovutus.aineistoaEiLöydy"]


def test_expired_dataset_file_is_deleted_and_gone(django_capture_on_commit_callbacks, dataset_root):
    store_sample("ammatillinen-perustutkinto.json")
    caller = DisclosureClient(make_agreement("kela"))
    status = caller.get(request_dataset(caller, django_capture_on_commit_callbacks)["Location"]).json()
    dataset = Dataset.objects.get()

    expired = delete_expired_datasets(now=dataset.expires_at + timedelta(seconds=1))
    response = download(caller, status)

    assert expired == 1
    assert list(dataset_root.iterdir()) == []
    assert Dataset.objects.get().status == DatasetStatus.EXPIRED
    assert response.status_code == 410
    assert error_keys(response) == ["gone.luovutus.aineistoVanhentunut"]


def test_unexpired_dataset_is_kept(django_capture_on_commit_callbacks, dataset_root):
    store_sample("ammatillinen-perustutkinto.json")
    caller = DisclosureClient(make_agreement("kela"))
    request_dataset(caller, django_capture_on_commit_callbacks)

    assert delete_expired_datasets(now=timezone.now()) == 0
    assert len(list(dataset_root.iterdir())) == 1


def test_daily_dataset_limit_is_enforced(django_capture_on_commit_callbacks):
    caller = DisclosureClient(make_agreement("kela", datasets_per_day=1))
    request_dataset(caller, django_capture_on_commit_callbacks)

    response = caller.post(DATASETS_URL, {"muoto": "jsonl"})

    assert response.status_code == 429
    assert error_keys(response) == ["tooManyRequests.luovutus.aineistoja"]


@pytest.mark.parametrize("body", [{"muoto": "xml"}, {"muoto": "csv", "extra": 1}, []])
def test_invalid_dataset_request_is_rejected(body):
    caller = DisclosureClient(make_agreement("kela"))

    response = caller.post(DATASETS_URL, body)

    assert response.status_code == 400
    assert error_keys(response) == ["badRequest.luovutus.virheellinenMuoto"]
    assert not Dataset.objects.exists()


def test_dataset_list_shows_own_datasets(django_capture_on_commit_callbacks):
    caller = DisclosureClient(make_agreement("kela"))
    request_dataset(caller, django_capture_on_commit_callbacks)

    body = caller.get(DATASETS_URL).json()

    assert [item["id"] for item in body] == list(Dataset.objects.values_list("pk", flat=True))
