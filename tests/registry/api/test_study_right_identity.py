"""How the write API matches a document to a stored study right, and what a change stores."""

import pytest

from registry.models import StudyRight, StudyRightVersion
from registry.services.history import rebuild_document
from tests import documents
from tests.factories import synthetic_identity_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(api, admin_user):
    return api.as_user(admin_user, "admin-password")


def keys(response):
    return [error["key"] for error in response.json()]


def write(writer, document):
    response = writer.put("/api/v1/oppija", document)
    assert response.status_code == 200, response.content.decode()
    return response.json()


def test_same_source_id_updates_the_study_right(writer):
    document = documents.vocational(source_id="abc-1")
    first = write(writer, document)
    documents.study_right(document)["arvioituPäättymispäivä"] = "2021-05-01"

    second = write(writer, document)

    assert second["opiskeluoikeudet"][0]["oid"] == first["opiskeluoikeudet"][0]["oid"]
    assert second["opiskeluoikeudet"][0]["versionumero"] == 2
    assert StudyRight.objects.count() == 1


def test_unchanged_document_keeps_the_version(writer):
    document = documents.vocational(source_id="abc-2")
    write(writer, document)

    second = write(writer, document)

    assert second["opiskeluoikeudet"][0]["versionumero"] == 1
    assert StudyRightVersion.objects.count() == 1


def test_same_source_id_under_another_learner_is_another_study_right(writer):
    first = write(writer, documents.vocational(source_id="shared-id"))

    second = write(writer, documents.vocational(source_id="shared-id", identity_code=synthetic_identity_code()))

    assert second["opiskeluoikeudet"][0]["oid"] != first["opiskeluoikeudet"][0]["oid"]
    assert StudyRight.objects.count() == 2


def test_oid_of_another_learners_study_right_is_forbidden(writer):
    first = write(writer, documents.vocational())
    document = documents.vocational(identity_code=synthetic_identity_code())
    documents.study_right(document)["oid"] = first["opiskeluoikeudet"][0]["oid"]

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 403
    assert keys(response) == ["forbidden.oppijaOidinMuutos"]


def test_document_without_identifiers_repeating_a_study_right_conflicts(writer):
    document = documents.vocational(source_id=None)
    write(writer, document)

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 409
    assert keys(response) == ["conflict.exists"]
    assert StudyRight.objects.count() == 1


def test_stale_version_number_conflicts(writer):
    document = documents.vocational()
    first = write(writer, document)
    study_right = documents.study_right(document)
    study_right["oid"] = first["opiskeluoikeudet"][0]["oid"]
    study_right["arvioituPäättymispäivä"] = "2021-05-01"
    write(writer, document)
    study_right["versionumero"] = 1
    study_right["arvioituPäättymispäivä"] = "2022-05-01"

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 409
    assert keys(response) == ["conflict.versionumero"]


def test_create_only_post_refuses_an_update(writer):
    document = documents.vocational()
    write(writer, document)

    response = writer.post("/api/v1/oppija", document)

    assert response.status_code == 409
    assert keys(response) == ["conflict.exists"]


def test_type_cannot_change(writer):
    from tests import samples

    document = documents.vocational(source_id=None)
    first = write(writer, document)
    upper_secondary = samples.load("lukio-uusi.json")
    upper_secondary["henkilö"] = document["henkilö"]
    documents.study_right(upper_secondary)["oid"] = first["opiskeluoikeudet"][0]["oid"]

    response = writer.put("/api/v1/oppija", upper_secondary)

    assert response.status_code == 403
    assert keys(response) == ["forbidden.kiellettyMuutos"]


def test_every_version_rebuilds_from_history(writer):
    document = documents.vocational()
    written = write(writer, document)
    study_right = StudyRight.objects.get(oid=written["opiskeluoikeudet"][0]["oid"])
    stored_versions = {1: study_right.document}
    for version in range(2, 6):
        documents.study_right(document)["arvioituPäättymispäivä"] = f"202{version}-05-01"
        write(writer, document)
        study_right.refresh_from_db()
        stored_versions[version] = study_right.document

    for version, expected in stored_versions.items():
        assert rebuild_document(study_right, version) == expected


def test_version_stores_a_small_patch(writer):
    document = documents.vocational()
    write(writer, document)
    documents.study_right(document)["arvioituPäättymispäivä"] = "2021-05-01"

    write(writer, document)

    patch = StudyRightVersion.objects.get(version=2).patch
    assert patch == [{"op": "replace", "path": "/arvioituPäättymispäivä", "value": "2021-05-01"}]


def test_provider_is_filled_in_from_hierarchy(writer):
    written = write(writer, documents.vocational())

    study_right = StudyRight.objects.get(oid=written["opiskeluoikeudet"][0]["oid"])

    assert study_right.provider.oid == documents.HELSINKI
    assert study_right.document["koulutustoimija"]["oid"] == documents.HELSINKI
    assert study_right.document["koulutustoimija"]["nimi"]["fi"]


def test_code_and_organisation_names_are_filled_in(writer):
    written = write(writer, documents.vocational())

    study_right = StudyRight.objects.get(oid=written["opiskeluoikeudet"][0]["oid"])

    state = study_right.document["tila"]["opiskeluoikeusjaksot"][0]["tila"]
    assert state["nimi"]["sv"]
    assert study_right.document["oppilaitos"]["nimi"]["fi"]


def test_achievement_rows_follow_the_document(writer):
    written = write(writer, documents.vocational())

    study_right = StudyRight.objects.get(oid=written["opiskeluoikeudet"][0]["oid"])

    top = study_right.achievements.get(depth=0)
    assert top.type == "ammatillinentutkinto"
    assert top.module_code == "351301"
    assert top.name["fi"]
    assert top.diary_number == "39/011/2014"
