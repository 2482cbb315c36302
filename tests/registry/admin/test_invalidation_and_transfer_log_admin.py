"""Invalidation and the transfer log through the admin."""

import pytest
from django.urls import reverse

from registry import permissions
from registry.models import StudyRight, TransferAttempt
from tests import documents
from tests.factories import synthetic_identity_code

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:registry_studyright_changelist"


def invalidate(client, study_right, confirm):
    data = {"action": "invalidate_selected", "_selected_action": [study_right.pk]}
    if confirm:
        data["confirm"] = "yes"
    return client.post(reverse(CHANGELIST), data, follow=True)


def test_invalidation_asks_for_confirmation(as_superuser, study_right_a):
    response = invalidate(as_superuser, study_right_a, confirm=False)

    assert response.status_code == 200
    assert study_right_a.oid in response.content.decode()
    assert not StudyRight.objects.get(pk=study_right_a.pk).invalidated


def test_confirmed_invalidation_writes_a_version(as_superuser, study_right_a):
    response = invalidate(as_superuser, study_right_a, confirm=True)

    assert response.status_code == 200
    study_right = StudyRight.objects.get(pk=study_right_a.pk)
    assert study_right.invalidated
    assert study_right.version == 2
    assert study_right.versions.get(version=2).source == "admin"


def test_official_without_invalidation_right_has_no_action(client, official_a, study_right_a):
    client.force_login(official_a)

    response = client.get(reverse(CHANGELIST))
    posted = invalidate(client, study_right_a, confirm=True)

    assert "invalidate_selected" not in response.content.decode()
    assert not StudyRight.objects.get(pk=study_right_a.pk).invalidated
    assert posted.status_code == 200


def test_official_with_invalidation_right_invalidates_own_only(client, official, institution_a, study_right_a, study_right_b):
    permissions.grant(official, permissions.INVALIDATE, institution_a)
    client.force_login(official)

    invalidate(client, study_right_a, confirm=True)
    invalidate(client, study_right_b, confirm=True)

    assert StudyRight.objects.get(pk=study_right_a.pk).invalidated
    assert not StudyRight.objects.get(pk=study_right_b.pk).invalidated


@pytest.fixture
def failed_transfer(api, admin_user):
    code = synthetic_identity_code()
    document = documents.vocational(identity_code=code)
    documents.study_right(document)["tila"]["opiskeluoikeusjaksot"][0]["tila"]["koodiarvo"] = "opiskelee"
    api.as_user(admin_user, "admin-password").put("/api/v1/oppija", document)
    return TransferAttempt.objects.get(), code


def test_transfer_log_lists_failures_with_masked_codes(as_superuser, failed_transfer):
    attempt, code = failed_transfer

    response = as_superuser.get(reverse("admin:registry_transferattempt_changelist"))

    content = response.content.decode()
    assert response.status_code == 200
    assert code not in content
    assert code[:7] in content


def test_transfer_page_shows_errors_and_document(as_superuser, failed_transfer):
    attempt, code = failed_transfer

    response = as_superuser.get(reverse("admin:registry_transferattempt_change", args=[attempt.pk]))

    content = response.content.decode()
    assert "badRequest.validation.koodisto.tuntematonKoodi" in content
    assert "opiskelee" in content


def test_transfer_summary_page(as_superuser, failed_transfer):
    response = as_superuser.get(reverse("admin:registry_transferattempt_summary"))

    assert response.status_code == 200
    assert "winnova" in response.content.decode()


def test_official_of_other_organisation_sees_no_transfer(client, official, institution_b, failed_transfer):
    permissions.grant(official, permissions.READ, institution_b)
    client.force_login(official)
    attempt, code = failed_transfer

    listing = client.get(reverse("admin:registry_transferattempt_changelist"))
    page = client.get(reverse("admin:registry_transferattempt_change", args=[attempt.pk]))

    assert listing.status_code == 200
    assert code[:7] not in listing.content.decode()
    assert "opiskelee" not in page.content.decode()
