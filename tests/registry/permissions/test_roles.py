"""Roles on organisations: type limits, groups, service users, sensitive data and linked study rights."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from guardian.shortcuts import get_perms

from registry import permissions
from registry.models import Organisation, Role, RoleGrant, StudyRight
from tests import documents, samples
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def organisation(oid):
    return Organisation.objects.get(oid=oid)


def keys(response):
    return [error["key"] for error in response.json()]


@pytest.fixture
def admin_api(api, admin_user):
    return api.as_user(admin_user, "admin-password")


def test_grant_and_revoke_keep_guardian_in_step(official):
    stadi = organisation(documents.STADI)

    grant = permissions.grant_role(official, Role.WRITE, stadi)

    assert "write_study_rights" in get_perms(official, stadi)
    assert RoleGrant.objects.filter(user=official, role=Role.WRITE).exists()
    permissions.revoke_role(grant)
    official = type(official).objects.get(pk=official.pk)
    assert "write_study_rights" not in get_perms(official, stadi)
    assert not permissions.has_organisation_permission(official, permissions.WRITE, stadi)


def test_revoking_one_role_keeps_a_permission_another_needs(official):
    stadi = organisation(documents.STADI)
    service = permissions.grant_role(official, Role.SERVICE, stadi, source_system="winnova")
    permissions.grant_role(official, Role.WRITE, stadi)

    permissions.revoke_role(service)

    assert "write_study_rights" in get_perms(official, stadi)


def test_group_role_covers_its_members(api):
    group = Group.objects.create(name="Stadi officials")
    member = UserFactory()
    member.groups.add(group)
    permissions.grant_role(group, Role.WRITE, organisation(documents.STADI))

    response = api.as_user(member).put("/api/v1/oppija", documents.vocational())

    assert response.status_code == 200, response.content.decode()


@pytest.mark.parametrize("types, status", [(["ammatillinenkoulutus"], 200), (["lukiokoulutus"], 403), ([], 200)])
def test_role_limited_to_types(api, official, types, status):
    permissions.grant_role(official, Role.WRITE, organisation(documents.STADI), study_right_types=types)

    response = api.as_user(official).put("/api/v1/oppija", documents.vocational())

    assert response.status_code == status, response.content.decode()


def test_read_limited_to_types_hides_other_types(api, admin_api, official):
    written = admin_api.put("/api/v1/oppija", documents.vocational()).json()
    permissions.grant_role(official, Role.READ, organisation(documents.STADI), study_right_types=["lukiokoulutus"])

    response = api.as_user(official).get(f"/api/v1/oppija/{written['henkilö']['oid']}")

    assert response.status_code == 404


def service_user(source_system="winnova"):
    user = UserFactory()
    permissions.grant_role(user, Role.SERVICE, organisation(documents.STADI), source_system=source_system)
    return user


def test_service_user_must_send_source_id(api):
    response = api.as_user(service_user()).put("/api/v1/oppija", documents.vocational(source_id=None))

    assert response.status_code == 403
    assert keys(response) == ["forbidden.lähdejärjestelmäIdPuuttuu"]


def test_service_user_writes_from_its_source_system_only(api):
    document = documents.vocational()
    documents.study_right(document)["lähdejärjestelmänId"]["lähdejärjestelmä"]["koodiarvo"] = "primus"

    response = api.as_user(service_user("winnova")).put("/api/v1/oppija", document)

    assert response.status_code == 403
    assert keys(response) == ["forbidden.vääräLähdejärjestelmä"]


def test_service_user_with_its_source_system_writes(api):
    response = api.as_user(service_user("winnova")).put("/api/v1/oppija", documents.vocational())

    assert response.status_code == 200, response.content.decode()


def stored_with_source_system(admin_api, source_system):
    """Store a vocational study right with two top-level achievements from `source_system`; return (OID, document)."""
    document = samples.with_own_learner(samples.load("ammatillinen-erikoisammattitutkinto.json"))
    documents.study_right(document)["lähdejärjestelmänId"] = {
        "id": f"{source_system}-1", "lähdejärjestelmä": {"koodiarvo": source_system, "koodistoUri": "lahdejarjestelma"},
    }
    response = admin_api.put("/api/v1/oppija", document)
    assert response.status_code == 200, response.content.decode()
    return response.json()["opiskeluoikeudet"][0]["oid"], document


@pytest.mark.parametrize("source_system, status", [("primus", 403), ("winnova", 200)])
def test_service_achievement_removal_checks_source(api, admin_api, source_system, status):
    oid, document = stored_with_source_system(admin_api, source_system)
    achievement = documents.study_right(document)["suoritukset"][1]

    response = api.as_user(service_user("winnova")).post(f"/api/v1/opiskeluoikeus/{oid}/1/delete-paatason-suoritus", achievement)

    assert response.status_code == status, response.content.decode()
    if status == 403:
        assert keys(response) == ["forbidden.vääräLähdejärjestelmä"]
        assert StudyRight.objects.get(oid=oid).version == 1


PRE_PRIMARY = "esiopetusvalmis.json"
SENSITIVE_FIELDS = ("erityisenTuenPäätökset", "vammainen", "vaikeastiVammainen", "pidennettyOppivelvollisuus")


@pytest.fixture
def pre_primary(admin_api):
    document = samples.with_own_learner(samples.load(PRE_PRIMARY))
    written = admin_api.put("/api/v1/oppija", document).json()
    return document, written["henkilö"]["oid"], written["opiskeluoikeudet"][0]["oid"]


def test_reader_without_sensitive_right_gets_no_sensitive_fields(api, official, pre_primary):
    _document, learner_oid, oid = pre_primary
    permissions.grant(official, permissions.READ, organisation(documents.JYVASKYLA_TRAINING_SCHOOL))
    api.as_user(official)

    read = api.get(f"/api/v1/oppija/{learner_oid}").json()["opiskeluoikeudet"][0]
    history = api.get(f"/api/v1/opiskeluoikeus/{oid}/historia").json()
    version = api.get(f"/api/v1/opiskeluoikeus/{oid}/historia/1").json()

    for field in SENSITIVE_FIELDS:
        assert field not in read.get("lisätiedot", {})
        assert field not in version.get("lisätiedot", {})
    assert "muutos" not in history[0]
    assert "majoitusetu" in read["lisätiedot"]


def test_reader_with_sensitive_right_gets_them(api, official, pre_primary):
    _document, learner_oid, oid = pre_primary
    school = organisation(documents.JYVASKYLA_TRAINING_SCHOOL)
    permissions.grant(official, permissions.READ, school)
    permissions.grant(official, permissions.SENSITIVE, school)

    read = api.as_user(official).get(f"/api/v1/oppija/{learner_oid}").json()["opiskeluoikeudet"][0]

    for field in SENSITIVE_FIELDS:
        assert field in read["lisätiedot"]
    assert "muutos" in api.get(f"/api/v1/opiskeluoikeus/{oid}/historia").json()[0]


def test_writer_without_sensitive_right_cannot_add_sensitive_data(api, official):
    permissions.grant(official, permissions.WRITE, organisation(documents.JYVASKYLA_TRAINING_SCHOOL))
    document = samples.with_own_learner(samples.load(PRE_PRIMARY))

    response = api.as_user(official).put("/api/v1/oppija", document)

    assert response.status_code == 403
    assert set(keys(response)) == {"forbidden.luottamuksellinenTieto"}
    assert StudyRight.objects.count() == 0


def test_writer_without_sensitive_right_keeps_stored_sensitive_data(api, official, pre_primary):
    document, learner_oid, oid = pre_primary
    permissions.grant(official, permissions.WRITE, organisation(documents.JYVASKYLA_TRAINING_SCHOOL))
    stored = StudyRight.objects.get(oid=oid).document
    read = api.as_user(official).get(f"/api/v1/oppija/{learner_oid}").json()

    resent = api.put("/api/v1/oppija", read)

    assert resent.status_code == 200, resent.content.decode()
    assert resent.json()["opiskeluoikeudet"][0]["versionumero"] == 1
    assert StudyRight.objects.get(oid=oid).document == stored


def test_writer_without_sensitive_right_cannot_change_sensitive_data(api, official, pre_primary):
    document, learner_oid, oid = pre_primary
    permissions.grant(official, permissions.WRITE, organisation(documents.JYVASKYLA_TRAINING_SCHOOL))
    study_right = documents.study_right(document)
    study_right["oid"] = oid
    study_right["lisätiedot"]["vammainen"] = [{"alku": "2014-08-16"}]

    response = api.as_user(official).put("/api/v1/oppija", document)

    assert response.status_code == 403
    assert keys(response) == ["forbidden.luottamuksellinenTieto"]


def test_linked_study_right_is_visible_to_both_institutions(api, admin_api):
    parent = admin_api.put("/api/v1/oppija", documents.vocational(source_id="parent")).json()
    linked = samples.with_own_learner(samples.load(samples.LINKED_TO_UNKNOWN))
    documents.study_right(linked)["sisältyyOpiskeluoikeuteen"] = {
        "oppilaitos": {"oid": documents.JYVASKYLA_TRAINING_SCHOOL},
        "oid": parent["opiskeluoikeudet"][0]["oid"],
    }
    written = admin_api.put("/api/v1/oppija", linked)
    assert written.status_code == 200, written.content.decode()
    oid = written.json()["opiskeluoikeudet"][0]["oid"]
    including, own, other = UserFactory(), UserFactory(), UserFactory()
    permissions.grant(including, permissions.READ, organisation(documents.JYVASKYLA_TRAINING_SCHOOL))
    permissions.grant(own, permissions.READ, organisation(documents.STADI))
    permissions.grant(other, permissions.READ, organisation("1.2.246.562.10.70411521654"))

    assert api.as_user(including).get(f"/api/v1/opiskeluoikeus/{oid}").status_code == 200
    assert api.as_user(own).get(f"/api/v1/opiskeluoikeus/{oid}").status_code == 200
    assert api.as_user(other).get(f"/api/v1/opiskeluoikeus/{oid}").status_code == 404


def test_admin_grants_and_revokes_roles(client, admin_user, official):
    client.force_login(admin_user)
    stadi = organisation(documents.STADI)

    added = client.post(reverse("admin:registry_rolegrant_add"), {
        "user": official.pk, "organisation": stadi.pk, "role": Role.INVALIDATE, "study_right_types": ["ammatillinenkoulutus"],
    })

    assert added.status_code == 302, added.content.decode()[:2000]
    grant = RoleGrant.objects.get(user=official)
    assert grant.granted_by == admin_user
    assert permissions.has_organisation_permission(official, permissions.INVALIDATE, stadi, "ammatillinenkoulutus")
    page = client.get(reverse("admin:registry_organisation_change", args=[stadi.pk]))
    assert official.username in page.content.decode()

    client.post(reverse("admin:registry_rolegrant_delete", args=[grant.pk]), {"post": "yes"})

    official = type(official).objects.get(pk=official.pk)
    assert not RoleGrant.objects.filter(user=official).exists()
    assert not permissions.has_organisation_permission(official, permissions.INVALIDATE, stadi)


def test_officials_cannot_manage_roles(client, official):
    permissions.grant(official, permissions.WRITE, organisation(documents.STADI))
    client.force_login(official)

    response = client.get(reverse("admin:registry_rolegrant_changelist"))

    assert response.status_code in (302, 403)
