"""Reading one study right, its history, invalidation and removal of a top-level achievement."""

import pytest

from registry import permissions
from registry.models import Organisation, StudyRight
from tests import documents, samples
from tests.factories import UserFactory

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


def stored_with_versions(writer, count):
    """Store a vocational study right and change it until it has `count` versions; return (oid, documents)."""
    document = documents.vocational()
    oid = write(writer, document)["opiskeluoikeudet"][0]["oid"]
    stored = {1: StudyRight.objects.get(oid=oid).document}
    for version in range(2, count + 1):
        documents.study_right(document)["arvioituPäättymispäivä"] = f"20{20 + version}-05-01"
        write(writer, document)
        stored[version] = StudyRight.objects.get(oid=oid).document
    return oid, stored


def test_history_lists_versions(writer):
    oid, _stored = stored_with_versions(writer, 3)

    response = writer.get(f"/api/v1/opiskeluoikeus/{oid}/historia")

    assert response.status_code == 200
    history = response.json()
    assert isinstance(history, list)
    assert [entry["versionumero"] for entry in history] == [1, 2, 3]
    assert {entry["kayttaja"] for entry in history} == {"registry-admin"}
    assert {entry["lähde"] for entry in history} == {"api"}
    assert history[1]["muutos"] == [{"op": "replace", "path": "/arvioituPäättymispäivä", "value": "2022-05-01"}]


@pytest.mark.parametrize("path", ["/api/v1/opiskeluoikeus/{oid}/historia/{version}", "/koski/api/opiskeluoikeus/historia/{oid}/{version}"])
def test_version_reads_back_exactly(writer, path):
    oid, stored = stored_with_versions(writer, 4)

    for version, document in stored.items():
        response = writer.get(path.format(oid=oid, version=version))

        assert response.status_code == 200
        body = response.json()
        assert body["versionumero"] == version
        assert {key: value for key, value in body.items() if key not in ("oid", "versionumero", "aikaleima")} == document


def test_missing_version_is_not_found(writer):
    oid, _stored = stored_with_versions(writer, 1)

    response = writer.get(f"/api/v1/opiskeluoikeus/{oid}/historia/5")

    assert response.status_code == 404
    assert keys(response) == ["notFound.versiotaEiLöydy"]


def test_malformed_study_right_oid_is_rejected(writer):
    response = writer.get("/api/v1/opiskeluoikeus/123/historia")

    assert response.status_code == 400
    assert keys(response) == ["badRequest.queryParam.virheellinenOpiskeluoikeusOid"]


def test_invalidation_appends_a_version_and_hides_the_study_right(writer):
    written = write(writer, documents.vocational())
    oid, learner_oid = written["opiskeluoikeudet"][0]["oid"], written["henkilö"]["oid"]

    response = writer.client.delete(f"/api/v1/opiskeluoikeus/{oid}", **writer.credentials)

    assert response.status_code == 200, response.content.decode()
    result = response.json()["opiskeluoikeudet"][0]
    assert (result["oid"], result["versionumero"]) == (oid, 2)
    assert result["lähdejärjestelmänId"]["id"] == "tor-test-1"
    study_right = StudyRight.objects.get(oid=oid)
    assert study_right.invalidated
    assert study_right.document["tila"]["opiskeluoikeusjaksot"][-1]["tila"]["koodiarvo"] == "mitatoity"
    assert writer.get(f"/api/v1/oppija/{learner_oid}").json()["opiskeluoikeudet"] == []
    shown = writer.get(f"/api/v1/opiskeluoikeus/{oid}")
    assert shown.status_code == 200
    assert shown.json()["versionumero"] == 2
    assert [entry["versionumero"] for entry in writer.get(f"/api/v1/opiskeluoikeus/historia/{oid}").json()] == [1, 2]


def test_invalidated_study_right_cannot_be_updated(writer):
    document = documents.vocational()
    oid = write(writer, document)["opiskeluoikeudet"][0]["oid"]
    writer.client.delete(f"/api/v1/opiskeluoikeus/{oid}", **writer.credentials)
    documents.study_right(document)["oid"] = oid

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 404
    assert keys(response) == ["notFound.opiskeluoikeuttaEiLöydyTaiEiOikeuksia"]


def test_invalidation_needs_the_invalidation_right(api, admin_user):
    oid = write(api.as_user(admin_user, "admin-password"), documents.vocational())["opiskeluoikeudet"][0]["oid"]
    stadi = Organisation.objects.get(oid=documents.STADI)
    writer_only = UserFactory()
    permissions.grant(writer_only, permissions.WRITE, stadi)
    invalidator = UserFactory()
    permissions.grant(invalidator, permissions.INVALIDATE, stadi)

    refused = api.as_user(writer_only).client.delete(f"/api/v1/opiskeluoikeus/{oid}", **api.credentials)
    allowed = api.as_user(invalidator).client.delete(f"/api/v1/opiskeluoikeus/{oid}", **api.credentials)

    assert refused.status_code == 403
    assert keys(refused) == ["forbidden.mitätöinti"]
    assert allowed.status_code == 200


def test_invalidation_by_transfer_keeps_other_fields(writer):
    document = documents.vocational()
    oid = write(writer, document)["opiskeluoikeudet"][0]["oid"]
    stored_before = StudyRight.objects.get(oid=oid).document
    study_right = documents.study_right(document)
    study_right["oid"] = oid
    study_right["arvioituPäättymispäivä"] = "2029-01-01"
    study_right["tila"]["opiskeluoikeusjaksot"].append(
        {"alku": "2017-01-01", "tila": {"koodiarvo": "mitatoity", "koodistoUri": "koskiopiskeluoikeudentila"}}
    )

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 200, response.content.decode()
    stored = StudyRight.objects.get(oid=oid)
    assert stored.invalidated
    assert stored.document["arvioituPäättymispäivä"] == stored_before["arvioituPäättymispäivä"]


def test_new_study_right_cannot_be_invalidated(writer):
    document = documents.vocational()
    documents.study_right(document)["tila"]["opiskeluoikeusjaksot"].append(
        {"alku": "2017-01-01", "tila": {"koodiarvo": "mitatoity", "koodistoUri": "koskiopiskeluoikeudentila"}}
    )

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 400
    assert "badRequest.validation.tila.uudenOpiskeluoikeudenTallennusMitäöitynäEiSallittu" in keys(response)


def perusopetus_with_grade_year(writer):
    """Store a basic-education study right with a verified grade year and the syllabus; return (document, oid)."""
    document = samples.with_own_learner(samples.load("perusopetuksenoppimaara-paattotodistus.json"))
    oid = write(writer, document)["opiskeluoikeudet"][0]["oid"]
    documents.study_right(document)["oid"] = oid
    return document, oid


def test_verified_top_level_achievement_left_out_is_kept(writer):
    document, oid = perusopetus_with_grade_year(writer)
    achievements = documents.study_right(document)["suoritukset"]
    dropped = next(item for item in achievements if item["tyyppi"]["koodiarvo"] == "perusopetuksenvuosiluokka" and item.get("vahvistus"))
    documents.study_right(document)["suoritukset"] = [item for item in achievements if item is not dropped]

    response = writer.put("/api/v1/oppija", document)

    assert response.status_code == 200, response.content.decode()
    kept = StudyRight.objects.get(oid=oid).document["suoritukset"]
    assert len(kept) == len(achievements)
    assert response.json()["opiskeluoikeudet"][0]["versionumero"] == 1


def test_vocational_top_level_achievement_left_out_is_dropped(writer):
    document = samples.with_own_learner(samples.load("ammatillinen-erikoisammattitutkinto.json"))
    oid = write(writer, document)["opiskeluoikeudet"][0]["oid"]
    study_right = documents.study_right(document)
    study_right["oid"] = oid
    study_right["suoritukset"] = study_right["suoritukset"][1:]

    write(writer, document)

    assert len(StudyRight.objects.get(oid=oid).document["suoritukset"]) == len(study_right["suoritukset"])


def test_delete_top_level_achievement(writer):
    document, oid = perusopetus_with_grade_year(writer)
    grade_year = next(
        item for item in documents.study_right(document)["suoritukset"] if item["tyyppi"]["koodiarvo"] == "perusopetuksenvuosiluokka"
    )
    count = len(documents.study_right(document)["suoritukset"])

    response = writer.post(f"/api/v1/opiskeluoikeus/{oid}/1/delete-paatason-suoritus", grade_year)

    assert response.status_code == 200, response.content.decode()
    assert response.json()["opiskeluoikeudet"][0]["versionumero"] == 2
    assert len(StudyRight.objects.get(oid=oid).document["suoritukset"]) == count - 1


def test_delete_top_level_achievement_with_stale_version(writer):
    document, oid = perusopetus_with_grade_year(writer)
    grade_year = documents.study_right(document)["suoritukset"][0]
    grade_year["luokka"] = "7D"
    write(writer, document)

    response = writer.post(f"/api/v1/opiskeluoikeus/{oid}/1/delete-paatason-suoritus", grade_year)

    assert response.status_code == 409
    assert keys(response) == ["conflict.versionumero"]


def test_delete_only_top_level_achievement_is_forbidden(writer):
    document = documents.vocational()
    oid = write(writer, document)["opiskeluoikeudet"][0]["oid"]

    response = writer.post(
        f"/api/v1/opiskeluoikeus/{oid}/1/delete-paatason-suoritus", documents.study_right(document)["suoritukset"][0],
    )

    assert response.status_code == 403
    assert keys(response) == ["forbidden.ainoanPäätasonSuorituksenPoisto"]


def test_delete_unknown_top_level_achievement(writer):
    document, oid = perusopetus_with_grade_year(writer)

    response = writer.post(
        f"/api/v1/opiskeluoikeus/{oid}/1/delete-paatason-suoritus",
        {"tyyppi": {"koodiarvo": "perusopetuksenvuosiluokka"}, "koulutusmoduuli": {"tunniste": {"koodiarvo": "1", "koodistoUri": "perusopetuksenluokkaaste"}}},
    )

    assert response.status_code == 404
    assert keys(response) == ["notFound.suoritustaEiLöydy"]
