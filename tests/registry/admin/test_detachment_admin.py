"""Detaching a study right from its source system in the admin, and what the source system gets afterwards."""

import json

import pytest
from django.urls import reverse

from registry import permissions
from registry.models import AuditAction, AuditEvent, Organisation, Role, StudyRight
from tests import documents
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:registry_studyright_changelist"
DETACHED_KEY = "forbidden.lähdejärjestelmäkytkennänMuuttaminenEiSallittu"


def ended(document):
    """Return the document with the study right ended: the learner resigned (eronnut)."""
    documents.study_right(document)["tila"]["opiskeluoikeusjaksot"].append(
        {"alku": "2019-05-31", "tila": {"koodiarvo": "eronnut", "koodistoUri": "koskiopiskeluoikeudentila"}},
    )
    return document


@pytest.fixture
def service_user(db):
    user = UserFactory(username="winnova-client")
    permissions.grant_role(user, Role.SERVICE, Organisation.objects.get(oid=documents.HELSINKI), source_system="winnova")
    return user


@pytest.fixture
def sent(api, service_user):
    """A study right that the source system winnova wrote and ended; returns (document, its OID)."""
    document = ended(documents.vocational(source_id="detach-1"))
    response = api.as_user(service_user).put("/api/v1/oppija", document)
    assert response.status_code == 200, response.content.decode()
    return document, response.json()["opiskeluoikeudet"][0]["oid"]


@pytest.fixture
def detacher(official):
    permissions.grant(official, permissions.DETACH, Organisation.objects.get(oid=documents.STADI))
    permissions.grant(official, permissions.READ, Organisation.objects.get(oid=documents.STADI))
    return official


def detach(client, study_right, confirm=True):
    data = {"action": "detach_selected", "_selected_action": [study_right.pk]}
    if confirm:
        data["confirm"] = "yes"
    return client.post(reverse(CHANGELIST), data, follow=True)


def test_detach_writes_new_version(client, detacher, sent):
    study_right = StudyRight.objects.get(oid=sent[1])
    client.force_login(detacher)

    asked = detach(client, study_right, confirm=False)
    assert "lähdejärjestelmäkytkentäPurettu" not in StudyRight.objects.get(pk=study_right.pk).document
    response = detach(client, study_right)

    assert asked.status_code == response.status_code == 200
    study_right.refresh_from_db()
    assert study_right.version == 2
    assert study_right.versions.get(version=2).source == "admin"
    assert set(study_right.document["lähdejärjestelmäkytkentäPurettu"]) == {"purettu"}
    assert study_right.document["lähdejärjestelmänId"]["id"] == "detach-1"
    event = AuditEvent.objects.filter(action=AuditAction.STUDY_RIGHT_WRITE, study_right_oid=study_right.oid).latest("pk")
    assert event.details["change"] == "detached"
    assert event.actor_id == str(detacher.pk)


def test_official_without_the_right_has_no_action(client, official, sent):
    permissions.grant(official, permissions.WRITE, Organisation.objects.get(oid=documents.STADI))
    study_right = StudyRight.objects.get(oid=sent[1])
    client.force_login(official)

    page = client.get(reverse(CHANGELIST))
    detach(client, study_right)

    assert "detach_selected" not in page.content.decode()
    assert StudyRight.objects.get(pk=study_right.pk).version == 1


def test_source_system_write_after_detachment_is_forbidden(api, client, detacher, service_user, sent):
    document, oid = sent
    client.force_login(detacher)
    detach(client, StudyRight.objects.get(oid=oid))
    documents.study_right(document)["suoritukset"][0]["suorituskieli"] = {"koodiarvo": "SV", "koodistoUri": "kieli"}

    response = api.as_user(service_user).put("/api/v1/oppija", document)

    assert response.status_code == 403
    assert [error["key"] for error in response.json()] == [DETACHED_KEY]
    assert StudyRight.objects.get(oid=oid).version == 2


def test_active_study_right_is_not_detached(client, detacher, api, service_user):
    response = api.as_user(service_user).put("/api/v1/oppija", documents.vocational(source_id="detach-2"))
    study_right = StudyRight.objects.get(oid=response.json()["opiskeluoikeudet"][0]["oid"])
    client.force_login(detacher)

    page = detach(client, study_right)

    assert "forbidden.lähdejärjestelmäkytkennänPurkaminenEiSallittu" in page.content.decode()
    assert StudyRight.objects.get(pk=study_right.pk).version == 1


def test_transfer_cannot_detach(api, service_user):
    document = ended(documents.vocational(source_id="detach-3"))
    documents.study_right(document)["lähdejärjestelmäkytkentäPurettu"] = {"purettu": "2024-01-01T10:00:00"}

    response = api.as_user(service_user).put("/api/v1/oppija", document)

    assert response.status_code == 403
    assert [error["key"] for error in response.json()] == ["forbidden.lähdejärjestelmäkytkennänPurkaminenEiSallittu"]


def edit_page(client, study_right, document=None):
    url = reverse("admin:registry_studyright_edit_detached", args=[study_right.pk])
    if document is None:
        return client.get(url)
    return client.post(url, {"document": json.dumps(document, ensure_ascii=False)})


def test_detached_edit_writes_new_version(client, admin_user, detacher, sent):
    study_right = StudyRight.objects.get(oid=sent[1])
    client.force_login(detacher)
    detach(client, study_right)
    client.force_login(admin_user)

    page = edit_page(client, study_right)
    document = json.loads(page.context["form"].initial["document"])
    document["suoritukset"][0]["suorituskieli"] = {"koodiarvo": "SV", "koodistoUri": "kieli"}
    response = edit_page(client, study_right, document)

    assert page.status_code == 200
    assert response.status_code == 302, response.content.decode()
    study_right.refresh_from_db()
    assert study_right.version == 3
    assert study_right.versions.get(version=3).source == "admin"
    assert study_right.document["suoritukset"][0]["suorituskieli"]["koodiarvo"] == "SV"
    assert "lähdejärjestelmäkytkentäPurettu" in study_right.document


def test_edit_cannot_remove_the_detachment(client, admin_user, detacher, sent):
    study_right = StudyRight.objects.get(oid=sent[1])
    client.force_login(detacher)
    detach(client, study_right)
    client.force_login(admin_user)
    document = json.loads(edit_page(client, study_right).context["form"].initial["document"])
    del document["lähdejärjestelmäkytkentäPurettu"]

    response = edit_page(client, study_right, document)

    assert response.status_code == 200
    assert DETACHED_KEY in response.content.decode()
    assert StudyRight.objects.get(pk=study_right.pk).version == 2


def test_attached_study_right_not_editable(client, admin_user, sent):
    study_right = StudyRight.objects.get(oid=sent[1])
    client.force_login(admin_user)

    response = edit_page(client, study_right)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:registry_studyright_change", args=[study_right.pk])


def test_detached_page_links_editor(client, admin_user, detacher, sent):
    study_right = StudyRight.objects.get(oid=sent[1])
    client.force_login(detacher)
    detach(client, study_right)
    client.force_login(admin_user)

    page = client.get(reverse("admin:registry_studyright_change", args=[study_right.pk]))

    assert page.status_code == 200
    assert reverse("admin:registry_studyright_edit_detached", args=[study_right.pk]) in page.content.decode()
