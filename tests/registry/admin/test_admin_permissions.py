"""Permission matrix of the admin: which users may list, view, add, change and delete what."""

import pytest
from django.urls import reverse

from registry.models import Code, CodeSet, Learner, Organisation, QualificationDescription, StudyRight

pytestmark = pytest.mark.django_db

REFERENCE_MODELS = ["organisation", "codeset", "code", "qualificationdescription"]
RECORD_MODELS = ["learner", "studyright"]
MODELS = {
    "organisation": Organisation,
    "codeset": CodeSet,
    "code": Code,
    "qualificationdescription": QualificationDescription,
    "learner": Learner,
    "studyright": StudyRight,
}


@pytest.fixture
def users(admin_user, official_a, staff_without_rights, django_user_model):
    return {
        "superuser": admin_user,
        "official": official_a,
        "staff_without_rights": staff_without_rights,
        "not_staff": django_user_model.objects.create_user("citizen-like", password="x-password-1"),
    }


def some_object(model_name, study_right):
    if model_name == "studyright":
        return study_right
    if model_name == "learner":
        return study_right.learner
    return MODELS[model_name].objects.order_by("pk").first()


# Expected status of the list page: 200 shown, 403 refused by the model admin, 302 to the login page.
LIST_STATUS = {
    ("superuser", "reference"): 200,
    ("superuser", "record"): 200,
    ("official", "reference"): 200,
    ("official", "record"): 200,
    ("staff_without_rights", "reference"): 200,
    ("staff_without_rights", "record"): 403,
    ("not_staff", "reference"): 302,
    ("not_staff", "record"): 302,
}


@pytest.mark.parametrize("user_kind", ["superuser", "official", "staff_without_rights", "not_staff"])
@pytest.mark.parametrize("model_name", REFERENCE_MODELS + RECORD_MODELS)
def test_list_page_access(client, users, study_right_a, user_kind, model_name):
    client.force_login(users[user_kind])
    kind = "reference" if model_name in REFERENCE_MODELS else "record"

    response = client.get(reverse(f"admin:registry_{model_name}_changelist"))

    assert response.status_code == LIST_STATUS[(user_kind, kind)]


@pytest.mark.parametrize("user_kind", ["superuser", "official"])
@pytest.mark.parametrize("model_name", REFERENCE_MODELS + RECORD_MODELS)
def test_nobody_adds_or_deletes(client, users, study_right_a, user_kind, model_name):
    client.force_login(users[user_kind])
    obj = some_object(model_name, study_right_a)

    add = client.get(reverse(f"admin:registry_{model_name}_add"))
    delete = client.get(reverse(f"admin:registry_{model_name}_delete", args=[obj.pk]))

    assert add.status_code == 403
    assert delete.status_code == 403


@pytest.mark.parametrize("model_name", REFERENCE_MODELS + RECORD_MODELS)
def test_official_views_without_change(as_official_a, study_right_a, model_name):
    obj = some_object(model_name, study_right_a)
    url = reverse(f"admin:registry_{model_name}_change", args=[obj.pk])

    view = as_official_a.get(url)
    post = as_official_a.post(url, {})

    assert view.status_code == 200
    assert view.context["has_change_permission"] is False
    assert view.context["has_add_permission"] is False
    assert view.context["has_delete_permission"] is False
    assert post.status_code == 403


@pytest.mark.parametrize("model_name", RECORD_MODELS)
def test_superuser_cannot_change_records(as_superuser, study_right_a, model_name):
    obj = some_object(model_name, study_right_a)
    url = reverse(f"admin:registry_{model_name}_change", args=[obj.pk])

    view = as_superuser.get(url)
    post = as_superuser.post(url, {})

    assert view.context["has_change_permission"] is False
    assert post.status_code == 403


@pytest.mark.parametrize("model_name", REFERENCE_MODELS)
def test_superuser_may_change_reference_rows(as_superuser, study_right_a, model_name):
    obj = some_object(model_name, study_right_a)

    view = as_superuser.get(reverse(f"admin:registry_{model_name}_change", args=[obj.pk]))

    assert view.status_code == 200
    assert view.context["has_change_permission"] is True


def test_official_index_lists_registry_models(as_official_a):
    response = as_official_a.get(reverse("admin:index"))

    registry = next(app for app in response.context["app_list"] if app["app_label"] == "registry")
    listed = {model["object_name"] for model in registry["models"]}
    assert {"Organisation", "CodeSet", "Code", "QualificationDescription", "Learner", "StudyRight"} <= listed
    assert all(not model["perms"]["add"] and not model["perms"]["change"] for model in registry["models"])


def test_staff_without_rights_sees_no_records_in_index(client, staff_without_rights):
    client.force_login(staff_without_rights)

    response = client.get(reverse("admin:index"))

    registry = next(app for app in response.context["app_list"] if app["app_label"] == "registry")
    listed = {model["object_name"] for model in registry["models"]}
    assert "Learner" not in listed
    assert "StudyRight" not in listed
    assert "Organisation" in listed
