"""Concurrent writers on one study right: optimistic locking and no lost updates."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from registry.errors import RegisterError
from registry.models import StudyRight, StudyRightVersion
from registry.services.history import rebuild_document
from registry.services.ingest import store_learner_document
from tests import documents

WRITERS = 20


def run_concurrently(target, count):
    barrier = threading.Barrier(count)
    outcomes = [None] * count

    def worker(index):
        try:
            barrier.wait()
            outcomes[index] = ("ok", target(index))
        except RegisterError as error:
            outcomes[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


@pytest.fixture
def stored(committed_reference_data):
    user = get_user_model().objects.create_superuser("concurrency-admin", "c@example.invalid", "pw")
    document = documents.vocational()
    result = store_learner_document(document, user=user)
    oid = result.study_rights[0].study_right.oid
    documents.study_right(document)["oid"] = oid
    return user, document, oid


def changed(document, index, version=None):
    """Return the document with a change unique to writer `index`."""
    import copy

    result = copy.deepcopy(document)
    study_right = documents.study_right(result)
    study_right["arvioituPäättymispäivä"] = f"2030-01-{index + 1:02d}"
    if version is not None:
        study_right["versionumero"] = version
    return result


@pytest.mark.django_db(transaction=True)
def test_stale_writes_are_rejected_and_versions_stay_consecutive(stored):
    user, document, oid = stored

    outcomes = run_concurrently(lambda index: store_learner_document(changed(document, index, version=1), user=user), WRITERS)

    successes = [(index, outcome[1]) for index, outcome in enumerate(outcomes) if outcome[0] == "ok"]
    failures = [outcome[1] for outcome in outcomes if outcome[0] == "error"]
    assert len(successes) == 1
    assert len(failures) == WRITERS - 1
    assert {error.errors[0].key.key for error in failures} == {"conflict.versionumero"}
    study_right = StudyRight.objects.get(oid=oid)
    assert study_right.version == 2
    assert list(StudyRightVersion.objects.filter(study_right=study_right).values_list("version", flat=True)) == [1, 2]
    winner = successes[0][0]
    assert rebuild_document(study_right, 2)["arvioituPäättymispäivä"] == f"2030-01-{winner + 1:02d}"


@pytest.mark.django_db(transaction=True)
def test_writers_without_version_never_lose_an_update(stored):
    user, document, oid = stored

    outcomes = run_concurrently(lambda index: store_learner_document(changed(document, index), user=user), WRITERS)

    assert all(outcome[0] == "ok" for outcome in outcomes), [outcome for outcome in outcomes if outcome[0] != "ok"]
    study_right = StudyRight.objects.get(oid=oid)
    versions = list(StudyRightVersion.objects.filter(study_right=study_right).order_by("version"))
    assert [version.version for version in versions] == list(range(1, WRITERS + 2))
    written = {}
    for outcome_index, outcome in enumerate(outcomes):
        version = outcome[1].study_rights[0].study_right.version
        written[version] = outcome_index
    assert sorted(written) == list(range(2, WRITERS + 2))
    for version, index in written.items():
        assert rebuild_document(study_right, version)["arvioituPäättymispäivä"] == f"2030-01-{index + 1:02d}"
    assert rebuild_document(study_right, study_right.version) == study_right.document
