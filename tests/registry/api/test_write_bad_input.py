"""Bad input to the write API gets a keyed 4xx error and leaves the database as it was."""

import pytest

from registry.models import Achievement, Learner, StudyRight, StudyRightVersion
from tests import documents

pytestmark = pytest.mark.django_db


def counts():
    return (Learner.objects.count(), StudyRight.objects.count(), StudyRightVersion.objects.count(), Achievement.objects.count())


@pytest.fixture
def writer(api, admin_user):
    return api.as_user(admin_user, "admin-password")


def keys(response):
    return [error["key"] for error in response.json()]


def test_malformed_json_is_rejected(writer):
    before = counts()

    response = writer.put("/api/v1/oppija", b'{"henkil\xc3\xb6": {')

    assert response.status_code == 400
    assert keys(response) == ["badRequest.format.json"]
    assert counts() == before


def test_body_that_is_not_json_is_rejected(writer):
    response = writer.put("/api/v1/oppija", b"<oppija><hetu>010101-123N</hetu></oppija>")

    assert response.status_code == 400
    assert keys(response) == ["badRequest.format.json"]


def test_body_not_utf8_is_rejected(writer):
    response = writer.put("/api/v1/oppija", '{"henkilö": {}}'.encode("latin-1"))

    assert response.status_code == 400
    assert keys(response) == ["badRequest.format.encoding"]


def test_duplicate_key_is_rejected(writer):
    response = writer.put("/api/v1/oppija", b'{"henkil\xc3\xb6": {}, "henkil\xc3\xb6": {}}')

    assert response.status_code == 400
    assert keys(response) == ["badRequest.format.json"]


def test_other_content_type_is_rejected(writer):
    response = writer.put("/api/v1/oppija", "henkilö=1", content_type="application/x-www-form-urlencoded")

    assert response.status_code == 415
    assert keys(response) == ["unsupportedMediaType.jsonOnly"]


def test_empty_study_right_list_is_rejected(writer):
    document = documents.vocational()
    document["opiskeluoikeudet"] = []
    before = counts()

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 400
    assert keys(response) == ["badRequest.validation.tyhjäOpiskeluoikeusLista"]
    assert counts() == before


@pytest.mark.parametrize("identity_code", ["280618-402X", "310218-402H", "280618Q402H", "2806180402H", "", "280618-402"])
def test_invalid_identity_code_is_rejected(writer, identity_code):
    document = documents.vocational()
    document["henkilö"]["hetu"] = identity_code
    before = counts()

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 400
    assert keys(response) == ["badRequest.validation.henkilötiedot.hetu"]
    assert "henkilö.hetu" in response.json()[0]["message"]
    assert counts() == before


def test_unknown_code_names_its_path(writer):
    document = documents.vocational()
    documents.study_right(document)["tila"]["opiskeluoikeusjaksot"][0]["tila"]["koodiarvo"] = "opiskelee"
    before = counts()

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 400
    assert keys(response) == ["badRequest.validation.koodisto.tuntematonKoodi"]
    message = response.json()[0]["message"]
    assert "opiskeluoikeudet[0].tila.opiskeluoikeusjaksot[0].tila" in message
    assert "opiskelee" in message
    assert counts() == before


def test_unknown_organisation_is_rejected(writer):
    document = documents.vocational(institution="1.2.246.562.10.99999999999")
    before = counts()

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 400
    assert "badRequest.validation.organisaatio.tuntematon" in keys(response)
    assert counts() == before


def test_unknown_study_right_oid_is_rejected(writer):
    document = documents.vocational()
    documents.study_right(document)["oid"] = "1.2.246.562.15.12345678901"
    before = counts()

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 404
    assert keys(response) == ["notFound.opiskeluoikeuttaEiLöydyTaiEiOikeuksia"]
    assert counts() == before


def test_invalid_date_is_rejected(writer):
    document = documents.vocational()
    documents.study_right(document)["tila"]["opiskeluoikeusjaksot"][0]["alku"] = "2023-02-30"

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 400
    assert keys(response) == ["badRequest.format.date"]


def test_every_problem_is_listed(writer):
    document = documents.vocational()
    document["henkilö"]["hetu"] = "280618-402X"
    documents.study_right(document)["alkamispäivä"] = "2016-13-01"

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 400
    assert sorted(keys(response)) == ["badRequest.format.date", "badRequest.validation.henkilötiedot.hetu"]


def test_too_deep_nesting_is_rejected(writer):
    body = '{"henkilö": ' + '{"a": ' * 40 + "1" + "}" * 40 + "}"

    response = writer.put("/api/v1/oppija", body)

    assert response.status_code == 400
    assert keys(response) == ["badRequest.format.depth"]


def test_body_over_limit_is_rejected(writer, settings):
    settings.TOR_MAX_DOCUMENT_BYTES = 1000
    document = documents.vocational()

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 413
    assert keys(response) == ["payloadTooLarge"]


def test_message_follows_accept_language(writer):
    document = documents.vocational()
    document["opiskeluoikeudet"] = []

    english = writer.put("/api/v1/oppija", document, HTTP_ACCEPT_LANGUAGE="en")

    assert english.json()[0]["message"] == "opiskeluoikeudet is empty. Send at least one study right."
