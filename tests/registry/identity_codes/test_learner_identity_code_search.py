"""The admin's learner search by personal identity code: POST only, scoped, audited, and the code never echoed."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter

from registry import identity_codes, permissions
from registry.models import AuditAction, AuditEvent, Learner, Organisation
from tests.factories import LearnerFactory, UserFactory, synthetic_identity_code
from tests.registry.admin.records import PROVIDER_A, SAMPLE_A, SAMPLE_B, store_sample

pytestmark = pytest.mark.django_db

SEARCH = reverse("admin:registry_learner_identity_code_search")
CHANGELIST = reverse("admin:registry_learner_changelist")
NOT_FOUND = "No learner that you may view has this personal identity code."
INVALID = "Enter a valid personal identity code: check the date of birth, the century sign and the check character."


def change_url(learner):
    return reverse("admin:registry_learner_change", args=[learner.pk])


def search(client, code):
    return client.post(SEARCH, {"identity_code": code}, HTTP_ACCEPT_LANGUAGE="en")


def errors_of(response):
    form = response.context["form"]
    return [str(error) for error in form.non_field_errors()] + [str(error) for error in form.errors.get("identity_code", [])]


def assert_code_absent(response, code):
    content = response.content.decode()
    assert code not in content
    assert code.lower() not in content
    assert code not in response.get("Location", "")


@pytest.fixture
def official_a(db):
    official = UserFactory(username="official-a", is_staff=True)
    permissions.grant(official, permissions.READ, Organisation.objects.get(oid=PROVIDER_A))
    return official


@pytest.fixture
def as_superuser(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def as_official_a(client, official_a):
    client.force_login(official_a)
    return client


def test_form_is_sent_by_post(as_superuser):
    response = as_superuser.get(SEARCH)

    assert response.status_code == 200
    content = response.content.decode()
    assert '<form method="post"' in content
    assert "csrfmiddlewaretoken" in content


def test_changelist_links_to_post_form(as_superuser):
    content = as_superuser.get(CHANGELIST).content.decode()

    assert f'<form method="post" action="{SEARCH}">' in content
    assert f'href="{SEARCH}"' in content


def test_found_learner_is_opened_by_primary_key(as_superuser):
    code = synthetic_identity_code()
    learner = LearnerFactory(identity_code=code)

    response = search(as_superuser, code)

    assert response.status_code == 302
    assert response["Location"] == change_url(learner)
    assert_code_absent(response, code)


@pytest.mark.parametrize("written", [str.lower, lambda code: f"  {code} "])
def test_code_is_found_as_typed(as_superuser, written):
    code = synthetic_identity_code()
    learner = LearnerFactory(identity_code=code)

    response = search(as_superuser, written(code))

    assert response["Location"] == change_url(learner)


def test_found_learner_read_is_audited(as_superuser, admin_user):
    code = synthetic_identity_code()
    learner = LearnerFactory(identity_code=code)

    search(as_superuser, code)

    event = AuditEvent.objects.get()
    assert event.action == AuditAction.LEARNER_READ
    assert event.learner_oid == learner.oid
    assert event.actor_id == str(admin_user.pk)
    assert event.details == {"lookup": "identity_code", "result": "found"}
    assert event.request_id


def test_unknown_code_is_not_found(as_superuser):
    code = synthetic_identity_code()

    response = search(as_superuser, code)

    assert response.status_code == 200
    assert errors_of(response) == [NOT_FOUND]
    assert_code_absent(response, code)
    event = AuditEvent.objects.get()
    assert (event.action, event.learner_oid, event.details) == (
        AuditAction.ADMIN_VIEW, "", {"lookup": "identity_code", "result": "no_match"},
    )


def test_invalid_code_is_rejected_without_echo(as_superuser):
    code = synthetic_identity_code()
    invalid = code[:-1] + ("A" if code[-1] != "A" else "B")

    response = search(as_superuser, invalid)

    assert response.status_code == 200
    assert errors_of(response) == [INVALID]
    assert_code_absent(response, invalid)
    assert not AuditEvent.objects.exists()


def test_synthetic_code_needs_setting(as_superuser, settings):
    code = synthetic_identity_code()
    LearnerFactory(identity_code=code)
    settings.TOR_ACCEPT_SYNTHETIC_IDENTITY_CODES = False

    response = search(as_superuser, code)

    assert errors_of(response) == [INVALID]


def test_official_finds_learner_of_own_organisation(as_official_a, admin_user):
    code = synthetic_identity_code()
    study_right = store_sample(SAMPLE_A, admin_user, identity_code=code)

    response = search(as_official_a, code)

    assert response["Location"] == change_url(study_right.learner)


def test_other_organisations_learner_looks_like_unknown_code(as_official_a, admin_user):
    code = synthetic_identity_code()
    study_right = store_sample(SAMPLE_B, admin_user, identity_code=code)

    hidden = search(as_official_a, code)
    unknown = search(as_official_a, synthetic_identity_code())

    assert hidden.status_code == unknown.status_code == 200
    assert errors_of(hidden) == errors_of(unknown) == [NOT_FOUND]
    assert study_right.learner.oid not in hidden.content.decode()
    assert study_right.learner.last_name not in hidden.content.decode()
    event = AuditEvent.objects.get(request_id=hidden["X-Request-ID"])
    assert (event.action, event.learner_oid, event.details["result"]) == (
        AuditAction.ADMIN_VIEW, study_right.learner.oid, "not_readable",
    )


def test_code_of_merged_learner_opens_master(as_superuser):
    code = synthetic_identity_code()
    duplicate = LearnerFactory(identity_code=code)
    master = LearnerFactory()
    Learner.objects.filter(pk=duplicate.pk).update(master=master)

    response = search(as_superuser, code)

    assert response["Location"] == change_url(master)


def test_learner_hashed_with_older_key_is_found(as_superuser, settings):
    old_key, new_key = identity_codes.generate_key(), identity_codes.generate_key()
    code = synthetic_identity_code()
    settings.TOR_IDENTITY_CODE_KEYS = [old_key]
    learner = LearnerFactory(identity_code=code)
    settings.TOR_IDENTITY_CODE_KEYS = [new_key, old_key]

    response = search(as_superuser, code)

    assert response["Location"] == change_url(learner)


def test_staff_without_rights_is_forbidden(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(SEARCH).status_code == 403
    assert client.post(SEARCH, {"identity_code": synthetic_identity_code()}).status_code == 403


def test_anonymous_user_is_sent_to_login(client):
    response = client.post(SEARCH, {"identity_code": synthetic_identity_code()})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "identity_code" not in response["Location"]


def test_post_without_csrf_token_is_rejected(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    code = synthetic_identity_code()
    LearnerFactory(identity_code=code)

    response = client.post(SEARCH, {"identity_code": code})

    assert response.status_code == 403


def test_code_is_hidden_from_error_reports(as_superuser):
    code = synthetic_identity_code()

    response = search(as_superuser, code)

    reported = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert reported["identity_code"] != code
    assert set(reported["identity_code"]) == {"*"}


def test_other_methods_are_not_allowed(as_superuser):
    assert as_superuser.put(SEARCH).status_code == 405


@override_settings(LANGUAGE_CODE="en")
def test_changelist_search_with_code_drops_it(as_superuser):
    code = synthetic_identity_code()

    response = as_superuser.get(CHANGELIST, {"q": code.lower(), "non_disclosure__exact": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"{CHANGELIST}?non_disclosure__exact=1"
