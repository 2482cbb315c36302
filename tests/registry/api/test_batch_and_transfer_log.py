"""Batch writes and the transfer log (tiedonsiirrot)."""

import json

import pytest

from registry import identity_codes, permissions
from registry.models import Organisation, StudyRight, TransferAttempt
from tests import documents
from tests.factories import UserFactory, synthetic_identity_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(api, admin_user):
    return api.as_user(admin_user, "admin-password")


def invalid(document):
    documents.study_right(document)["tila"]["opiskeluoikeusjaksot"][0]["tila"]["koodiarvo"] = "opiskelee"
    return document


def test_batch_of_good_learners_answers_200(writer):
    response = writer.put("/api/v1/oppija/batch", [documents.vocational(), documents.vocational()])

    assert response.status_code == 200
    body = response.json()
    assert len(body) == 2
    assert all("opiskeluoikeudet" in item for item in body)
    assert StudyRight.objects.count() == 2


def test_batch_with_one_bad_item_stores_the_good_ones(writer):
    good, bad = documents.vocational(), invalid(documents.vocational())

    response = writer.put("/koski/api/oppija/batch", [good, bad, documents.vocational()])

    assert response.status_code == 207
    body = response.json()
    assert "opiskeluoikeudet" in body[0]
    assert [error["key"] for error in body[1]] == ["badRequest.validation.koodisto.tuntematonKoodi"]
    assert "opiskeluoikeudet" in body[2]
    assert StudyRight.objects.count() == 2


def test_batch_of_bad_items_answers_highest_status(writer):
    unknown_oid = documents.vocational()
    documents.study_right(unknown_oid)["oid"] = "1.2.246.562.15.12345678901"

    response = writer.put("/api/v1/oppija/batch", [invalid(documents.vocational()), unknown_oid])

    assert response.status_code == 404
    assert isinstance(response.json(), list)
    assert StudyRight.objects.count() == 0


def test_batch_body_must_be_a_list(writer):
    response = writer.put("/api/v1/oppija/batch", documents.vocational())

    assert response.status_code == 400
    assert [error["key"] for error in response.json()] == ["badRequest.validation.batch"]


def test_failed_transfer_is_logged_with_encrypted_document(writer):
    document = invalid(documents.vocational())

    writer.put("/api/v1/oppija", document)

    attempt = TransferAttempt.objects.get()
    assert not attempt.succeeded
    assert attempt.organisation.oid == documents.STADI
    assert attempt.errors[0]["key"] == "badRequest.validation.koodisto.tuntematonKoodi"
    assert document["henkilö"]["hetu"] not in attempt.document_ciphertext
    assert json.loads(identity_codes.decrypt(attempt.document_ciphertext)) == document
    assert attempt.source_system == "winnova"


def test_successful_transfer_clears_the_error(writer):
    code = synthetic_identity_code()
    writer.put("/api/v1/oppija", invalid(documents.vocational(identity_code=code)))

    writer.put("/api/v1/oppija", documents.vocational(identity_code=code))

    attempt = TransferAttempt.objects.get()
    assert attempt.succeeded
    assert attempt.errors == []
    assert attempt.document_ciphertext == ""
    assert attempt.attempts == 2


def test_malformed_body_is_logged_for_the_sender(writer, admin_user):
    writer.put("/api/v1/oppija", b"{not json")

    attempt = TransferAttempt.objects.get()
    assert attempt.organisation is None
    assert attempt.user == admin_user
    assert attempt.errors == [{"key": "badRequest.format.json", "path": ""}]


def test_transfer_log_api_masks_identity_codes(writer):
    code = synthetic_identity_code()
    writer.put("/api/v1/oppija", invalid(documents.vocational(identity_code=code)))

    response = writer.get("/api/v1/tiedonsiirrot?virheelliset=true")

    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 1
    assert rows[0]["oppija"]["hetu"] == identity_codes.mask(code)
    assert code not in response.content.decode()
    assert rows[0]["onnistunut"] is False


def test_transfer_summary_counts_per_institution_and_source_system(writer):
    writer.put("/api/v1/oppija", documents.vocational())
    writer.put("/api/v1/oppija", invalid(documents.vocational()))

    response = writer.get("/koski/api/tiedonsiirrot/yhteenveto")

    assert response.status_code == 200
    [row] = response.json()
    assert row["oppilaitos"]["oid"] == documents.STADI
    assert row["lähdejärjestelmä"] == "winnova"
    assert (row["oppijoita"], row["epäonnistuneita"], row["onnistuneita"]) == (2, 1, 1)


def test_official_sees_only_own_organisations_transfers(api, writer):
    writer.put("/api/v1/oppija", invalid(documents.vocational()))
    writer.put("/api/v1/oppija", invalid(documents.vocational(institution=documents.JYVASKYLA_TRAINING_SCHOOL)))
    official = UserFactory()
    permissions.grant(official, permissions.READ, Organisation.objects.get(oid=documents.JYVASKYLA_TRAINING_SCHOOL))

    rows = api.as_user(official).get("/api/v1/tiedonsiirrot").json()

    assert [row["oppilaitos"]["oid"] for row in rows] == [documents.JYVASKYLA_TRAINING_SCHOOL]
