"""Every sample of a supported type is accepted through the HTTP API and reads back as it was sent."""

import pytest

from registry.models import Learner, StudyRight
from tests import samples
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


def prepared(name):
    """Return the sample as its own learner's document; a learner named by OID alone is created first."""
    document = samples.load(name)
    if samples.names_learner_by_oid_only(document):
        learner = LearnerFactory()
        document["henkilö"] = {"oid": learner.oid}
        return document
    return samples.with_own_learner(document)


def test_supported_samples_are_found():
    names = samples.supported_sample_names()

    assert len(names) >= 30
    assert "ylioppilastutkinto.json" in names
    assert "esiopetusvalmis.json" in names


@pytest.mark.parametrize("name", samples.supported_sample_names())
def test_sample_is_accepted_and_reads_back(api, admin_user, name):
    document = prepared(name)

    response = api.as_user(admin_user, "admin-password").put("/api/v1/oppija", document)

    assert response.status_code == 200, response.content.decode()
    result = response.json()
    assert len(result["opiskeluoikeudet"]) == len(document["opiskeluoikeudet"])
    learner_oid = result["henkilö"]["oid"]

    read = api.get(f"/api/v1/oppija/{learner_oid}")

    assert read.status_code == 200, read.content.decode()
    returned = {study_right["oid"]: study_right for study_right in read.json()["opiskeluoikeudet"]}
    for sent, written in zip(document["opiskeluoikeudet"], result["opiskeluoikeudet"]):
        stored = returned[written["oid"]]
        assert stored["versionumero"] == 1
        samples.assert_contains(sent, stored)


@pytest.mark.parametrize("name", samples.supported_sample_names())
def test_sample_sent_again_keeps_version(api, admin_user, name):
    document = prepared(name)
    api.as_user(admin_user, "admin-password")
    first = api.put("/api/v1/oppija", document).json()
    for study_right, written in zip(document["opiskeluoikeudet"], first["opiskeluoikeudet"]):
        study_right["oid"] = written["oid"]

    second = api.put("/api/v1/oppija", document)

    assert second.status_code == 200, second.content.decode()
    assert [item["versionumero"] for item in second.json()["opiskeluoikeudet"]] == [1] * len(document["opiskeluoikeudet"])
    assert StudyRight.objects.filter(oid__in=[item["oid"] for item in first["opiskeluoikeudet"]], version=1).count() == len(
        document["opiskeluoikeudet"]
    )


def test_sample_linked_to_unknown_study_right_is_rejected(api, admin_user):
    document = samples.with_own_learner(samples.load(samples.LINKED_TO_UNKNOWN))

    response = api.as_user(admin_user, "admin-password").put("/api/v1/oppija", document)

    assert response.status_code == 400
    assert [error["key"] for error in response.json()] == ["badRequest.validation.sisältäväOpiskeluoikeus.eiLöydy"]
    assert not Learner.objects.filter(last_name=document["henkilö"]["sukunimi"]).exists()


@pytest.mark.parametrize("name", samples.unsupported_sample_names())
def test_unsupported_type_is_rejected(api, admin_user, name):
    document = samples.with_own_learner(samples.load(name))

    response = api.as_user(admin_user, "admin-password").put("/api/v1/oppija", document)

    assert response.status_code == 400
    assert {error["key"] for error in response.json()} == {"badRequest.validation.opiskeluoikeudenTyyppiEiTuettu"}
    assert StudyRight.objects.count() == 0
