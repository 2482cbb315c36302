"""The learner admin: scope, the masked identity code and the learner's study rights."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry import identity_codes
from registry.models import Learner
from tests.factories import LearnerFactory, synthetic_identity_code
from tests.registry.admin.records import SAMPLE_A, SAMPLE_B, store_sample

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:registry_learner_changelist")


def change_url(learner):
    return reverse("admin:registry_learner_change", args=[learner.pk])


def listed_oids(response):
    return {learner.oid for learner in response.context["cl"].result_list}


def test_superuser_lists_every_learner(as_superuser, study_right_a, study_right_b):
    without_study_rights = LearnerFactory()

    response = as_superuser.get(CHANGELIST)

    assert listed_oids(response) == {study_right_a.learner.oid, study_right_b.learner.oid, without_study_rights.oid}


def test_official_lists_learners_of_own_organisations(as_official_a, study_right_a, study_right_b):
    LearnerFactory()

    response = as_official_a.get(CHANGELIST)

    assert listed_oids(response) == {study_right_a.learner.oid}


def test_official_lists_master_of_merged_learner(as_official_a, admin_user):
    study_right = store_sample(SAMPLE_A, admin_user)
    master = LearnerFactory()
    Learner.objects.filter(pk=study_right.learner_id).update(master=master)

    response = as_official_a.get(CHANGELIST)

    assert listed_oids(response) == {study_right.learner.oid, master.oid}


def test_other_organisations_learner_url_shows_nothing(as_official_a, study_right_b):
    response = as_official_a.get(change_url(study_right_b.learner), follow=True)

    assert response.redirect_chain[0][1] == 302
    content = response.content.decode()
    assert study_right_b.learner.oid not in content
    assert study_right_b.learner.last_name not in content


def test_learner_page_lists_only_readable_study_rights(as_official_a, admin_user):
    code = synthetic_identity_code()
    study_right_a = store_sample(SAMPLE_A, admin_user, identity_code=code)
    study_right_b = store_sample(SAMPLE_B, admin_user, identity_code=code)
    assert study_right_a.learner_id == study_right_b.learner_id

    response = as_official_a.get(change_url(study_right_a.learner))

    assert response.status_code == 200
    assert [study_right.oid for study_right in response.context["study_rights"]] == [study_right_a.oid]
    content = response.content.decode()
    assert study_right_a.oid in content
    assert study_right_b.oid not in content


def test_learner_page_shows_identity_code_masked(as_superuser):
    code = synthetic_identity_code()
    learner = LearnerFactory(identity_code=code)

    response = as_superuser.get(change_url(learner))

    content = response.content.decode()
    assert identity_codes.mask(code) in content
    assert code not in content
    assert code[7:] not in content


def test_learner_list_never_shows_identity_code(as_superuser):
    code = synthetic_identity_code()
    LearnerFactory(identity_code=code)

    response = as_superuser.get(CHANGELIST)

    content = response.content.decode()
    assert code not in content
    assert identity_codes.mask(code) not in content


def test_search_by_identity_code_is_refused(as_superuser):
    code = synthetic_identity_code()
    LearnerFactory(identity_code=code)

    response = as_superuser.get(CHANGELIST, {"q": code, "non_disclosure__exact": "0"}, follow=True)

    assert response.redirect_chain == [(f"{CHANGELIST}?non_disclosure__exact=0", 302)]
    assert code not in response.content.decode()
    assert [message.level_tag for message in response.context["messages"]] == ["warning"]


@pytest.mark.parametrize("term_of", [lambda learner: learner.oid, lambda learner: learner.last_name[:5]])
def test_search_finds_learner_by_oid_or_name(as_superuser, term_of):
    learner = LearnerFactory(last_name="Virtanen-Testi")
    LearnerFactory(last_name="Korhonen-Testi")

    response = as_superuser.get(CHANGELIST, {"q": term_of(learner)})

    assert listed_oids(response) == {learner.oid}


def test_filter_through_study_rights_is_rejected(as_official_a, study_right_b):
    response = as_official_a.get(CHANGELIST, {"study_rights": study_right_b.pk})

    assert response.status_code == 400


def count_list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    return len(queries)


def test_list_query_count_does_not_grow_with_rows(as_official_a, admin_user):
    store_sample(SAMPLE_A, admin_user)
    with_one = count_list_queries(as_official_a)

    for _ in range(4):
        store_sample(SAMPLE_A, admin_user)
    with_five = count_list_queries(as_official_a)

    assert with_five == with_one
