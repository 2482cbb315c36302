"""Who may write study rights through the API."""

import pytest

from registry import permissions
from registry.models import Organisation, StudyRight
from tests import documents
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def keys(response):
    return [error["key"] for error in response.json()]


def test_anonymous_caller_is_asked_to_authenticate(api):
    response = api.put("/api/v1/oppija", documents.vocational())

    assert response.status_code == 401
    assert keys(response) == ["unauthorized.notAuthenticated"]
    assert response["WWW-Authenticate"].startswith("Basic")


def test_wrong_password_is_rejected(api, official):
    response = api.as_user(official, "wrong").put("/api/v1/oppija", documents.vocational())

    assert response.status_code == 401
    assert keys(response) == ["unauthorized.loginFail"]


def test_user_without_rights_is_forbidden(api, official):
    response = api.as_user(official).put("/api/v1/oppija", documents.vocational())

    assert response.status_code == 403
    assert keys(response) == ["forbidden.organisaatio"]
    assert StudyRight.objects.count() == 0


def test_right_on_provider_covers_its_institutions(api, official):
    permissions.grant(official, permissions.WRITE, Organisation.objects.get(oid=documents.HELSINKI))

    response = api.as_user(official).put("/api/v1/oppija", documents.vocational())

    assert response.status_code == 200, response.content.decode()


def test_right_on_institution_allows_writing_it(api, official):
    permissions.grant(official, permissions.WRITE, Organisation.objects.get(oid=documents.STADI))

    response = api.as_user(official).put("/api/v1/oppija", documents.vocational())

    assert response.status_code == 200, response.content.decode()


def test_right_on_another_institution_is_not_enough(api, official):
    permissions.grant(official, permissions.WRITE, Organisation.objects.get(oid=documents.JYVASKYLA_TRAINING_SCHOOL))

    response = api.as_user(official).put("/api/v1/oppija", documents.vocational())

    assert response.status_code == 403
    assert keys(response) == ["forbidden.organisaatio"]


def test_read_right_does_not_allow_writing(api, official):
    permissions.grant(official, permissions.READ, Organisation.objects.get(oid=documents.HELSINKI))

    response = api.as_user(official).put("/api/v1/oppija", documents.vocational())

    assert response.status_code == 403


def test_update_needs_right_to_the_stored_study_right(api, admin_user, official):
    permissions.grant(official, permissions.WRITE, Organisation.objects.get(oid=documents.JYVASKYLA_TRAINING_SCHOOL))
    document = documents.vocational()
    stored = api.as_user(admin_user, "admin-password").put("/api/v1/oppija", document).json()
    documents.study_right(document)["oid"] = stored["opiskeluoikeudet"][0]["oid"]
    documents.study_right(document)["oppilaitos"] = {"oid": documents.JYVASKYLA_TRAINING_SCHOOL}

    response = api.as_user(official).put("/api/v1/oppija", document)

    assert response.status_code == 403
    assert keys(response) == ["forbidden.organisaatio"]


def test_matriculation_examination_only_from_the_board(api, official):
    from tests import samples

    permissions.grant(official, permissions.WRITE, Organisation.objects.get(oid="1.2.246.562.10.70411521654"))
    document = samples.with_own_learner(samples.load("ylioppilastutkinto.json"))

    response = api.as_user(official).put("/api/v1/oppija", document)

    assert response.status_code == 403
    assert keys(response) == ["forbidden.opiskeluoikeudenTyyppi"]


def test_board_may_write_matriculation_examination(api):
    from tests import samples

    board_user = UserFactory()
    permissions.grant(board_user, permissions.WRITE, Organisation.objects.get(oid=documents.MATRICULATION_BOARD))
    document = samples.with_own_learner(samples.load("ylioppilastutkinto.json"))

    response = api.as_user(board_user, PASSWORD).put("/api/v1/oppija", document)

    assert response.status_code == 200, response.content.decode()


def test_read_api_hides_learner_without_readable_study_rights(api, admin_user, official):
    stored = api.as_user(admin_user, "admin-password").put("/api/v1/oppija", documents.vocational()).json()

    response = api.as_user(official).get(f"/api/v1/oppija/{stored['henkilö']['oid']}")

    assert response.status_code == 404
    assert keys(response) == ["notFound.oppijaaEiLöydyTaiEiOikeuksia"]


def test_read_api_shows_official_the_study_rights_of_their_organisation(api, admin_user, official):
    permissions.grant(official, permissions.READ, Organisation.objects.get(oid=documents.STADI))
    stored = api.as_user(admin_user, "admin-password").put("/api/v1/oppija", documents.vocational()).json()

    response = api.as_user(official).get(f"/koski/api/oppija/{stored['henkilö']['oid']}")

    assert response.status_code == 200
    assert [item["oid"] for item in response.json()["opiskeluoikeudet"]] == [stored["opiskeluoikeudet"][0]["oid"]]
