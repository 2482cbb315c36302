"""Identity codes in the synthetic test range (individual number 900-999) follow TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES."""

import pytest

from registry.models import Learner
from tests import documents
from tests.factories import synthetic_identity_code
from tests.registry.imports import virta_xml as xml
from tests.registry.imports.conftest import run_virta, virta_folder  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

SYNTHETIC = "badRequest.validation.henkilötiedot.synteettinenHetu"


@pytest.fixture
def writer(api, admin_user):
    return api.as_user(admin_user, "admin-password")


def keys(response):
    return [error["key"] for error in response.json()]


def test_api_rejects_synthetic_code_when_setting_off(writer, settings):
    settings.TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES = False

    response = writer.put("/api/v1/oppija", documents.vocational())

    assert response.status_code == 400
    assert keys(response) == [SYNTHETIC]
    assert not Learner.objects.exists()


def test_synthetic_error_points_to_identity_code(writer, settings):
    settings.TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES = False
    document = documents.vocational()

    [error] = writer.put("/api/v1/oppija", document).json()

    assert "henkilö.hetu" in error["message"]
    assert document["henkilö"]["hetu"] not in error["message"]


def test_api_accepts_synthetic_code_when_setting_on(writer, settings):
    settings.TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES = True

    response = writer.put("/api/v1/oppija", documents.vocational())

    assert response.status_code == 200
    assert Learner.objects.count() == 1


def test_invalid_synthetic_code_keeps_invalid_key(writer, settings):
    settings.TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES = False
    code = synthetic_identity_code()
    wrong_check_character = code[:-1] + ("A" if code[-1] != "A" else "B")

    response = writer.put("/api/v1/oppija", documents.vocational(identity_code=wrong_check_character))

    assert keys(response) == ["badRequest.validation.henkilötiedot.hetu"]


def test_virta_import_accepts_synthetic_code_when_setting_off(virta_folder, settings):
    settings.TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES = False
    virta_folder.write("person.xml", xml.response(
        xml.student(xml.study_rights(xml.study_right("SR1")), identity_code=synthetic_identity_code()),
    ))

    report = run_virta(virta_folder.path)

    assert report.skipped == []
    assert Learner.objects.count() == 1
