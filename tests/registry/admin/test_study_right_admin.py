"""The study right admin: which study rights each user may list and open, and what the read-only page shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry import permissions
from registry.models import Organisation, StudyRight
from registry.services.ingest import store_learner_document
from tests import samples
from tests.factories import UserFactory
from tests.registry.admin.records import INSTITUTION_B, SAMPLE_A, SAMPLE_B, store_sample

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:registry_studyright_changelist")


def change_url(study_right):
    return reverse("admin:registry_studyright_change", args=[study_right.pk])


def listed_oids(response):
    return {study_right.oid for study_right in response.context["cl"].result_list}


def test_superuser_lists_every_study_right(as_superuser, study_right_a, study_right_b):
    response = as_superuser.get(CHANGELIST)

    assert response.status_code == 200
    assert listed_oids(response) == {study_right_a.oid, study_right_b.oid}


def test_official_lists_own_organisations_only(as_official_a, study_right_a, study_right_b):
    response = as_official_a.get(CHANGELIST)

    assert response.status_code == 200
    assert listed_oids(response) == {study_right_a.oid}
    assert study_right_b.oid not in response.content.decode()


def test_official_of_institution_reads_its_study_rights(client, official, institution_a, study_right_a, study_right_b):
    from registry import permissions

    permissions.grant(official, permissions.READ, institution_a)
    client.force_login(official)

    response = client.get(CHANGELIST)

    assert listed_oids(response) == {study_right_a.oid}


def test_write_right_includes_reading(client, official, provider_a, study_right_a):
    from registry import permissions

    permissions.grant(official, permissions.WRITE, provider_a)
    client.force_login(official)

    response = client.get(CHANGELIST)

    assert listed_oids(response) == {study_right_a.oid}


@pytest.mark.parametrize("view", ["change", "history"])
def test_other_organisations_study_right_url_shows_nothing(as_official_a, study_right_b, view):
    url = reverse(f"admin:registry_studyright_{view}", args=[study_right_b.pk])

    response = as_official_a.get(url, follow=True)

    assert response.redirect_chain[0][1] == 302
    assert response.redirect_chain[-1][0] == reverse("admin:index")
    content = response.content.decode()
    assert study_right_b.oid not in content
    assert study_right_b.learner.last_name not in content


def test_official_opens_own_study_right(as_official_a, study_right_a):
    response = as_official_a.get(change_url(study_right_a))

    assert response.status_code == 200
    assert study_right_a.oid in response.content.decode()


def test_page_shows_document_for_a_person(as_superuser, study_right_a):
    response = as_superuser.get(change_url(study_right_a))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Stadin ammatti- ja aikuisopisto" in content
    assert "Helsingin kaupunki" in content
    assert "Läsnä" in content


def test_page_shows_achievement_names_and_grades(as_superuser, study_right_a):
    rows = list(study_right_a.achievements.order_by("sequence"))
    top_name, part_name = rows[0].name["fi"], rows[1].name["fi"]

    response = as_superuser.get(change_url(study_right_a), HTTP_ACCEPT_LANGUAGE="fi")

    page = response.context["page"]
    top = page.achievements[0]
    assert top.achievement.name == top_name
    part = top.parts[0]
    assert part.name == part_name
    assert part.module_code == "105708"
    assert part.grade == "5"
    assert part.assessment_date.isoformat() == "2014-10-20"
    assert part.verification_date.isoformat() == "2016-05-31"
    content = response.content.decode()
    assert top_name in content
    assert part_name in content


def test_page_shows_scope_with_unit_name(as_superuser, study_right_a):
    response = as_superuser.get(change_url(study_right_a))

    scopes = [part.scope for part in response.context["page"].achievements[0].parts if part.scope]
    assert scopes
    assert all(not scope.endswith(" 6") for scope in scopes)


def test_page_nests_parts_of_parts(as_superuser, admin_user):
    study_right = store_sample(SAMPLE_B, admin_user)

    response = as_superuser.get(change_url(study_right))

    parts = response.context["page"].achievements[0].parts
    assert {part.indent for part in parts} == {0, 1}
    first_course = next(index for index, part in enumerate(parts) if part.indent == 1)
    assert parts[first_course - 1].indent == 0


def test_page_shows_versions(as_superuser, study_right_a):
    response = as_superuser.get(change_url(study_right_a))

    versions = response.context["page"].versions
    assert [version.version for version in versions] == [1]
    assert versions[0].author == "registry-admin"
    assert response.context["page"].version_count == 1


def test_page_shows_whole_document_as_json(as_superuser, study_right_a):
    response = as_superuser.get(change_url(study_right_a))

    content = response.content.decode()
    assert f"&quot;oid&quot;: &quot;{study_right_a.oid}&quot;" in content
    assert "&quot;versionumero&quot;: 1" in content
    assert "<details" in content


def test_invalidated_study_right_is_marked(as_superuser, study_right_a):
    StudyRight.objects.filter(pk=study_right_a.pk).update(invalidated=True)

    response = as_superuser.get(change_url(study_right_a))

    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()


@pytest.mark.parametrize("field", ["oid", "learner_oid"])
def test_search_finds_study_right_by_oid(as_superuser, study_right_a, study_right_b, field):
    term = study_right_a.oid if field == "oid" else study_right_a.learner.oid

    response = as_superuser.get(CHANGELIST, {"q": term})

    assert listed_oids(response) == {study_right_a.oid}


def test_search_stays_within_scope(as_official_a, study_right_b):
    response = as_official_a.get(CHANGELIST, {"q": study_right_b.oid})

    assert listed_oids(response) == set()


@pytest.mark.parametrize(
    "parameter, value, expected",
    [
        ("type", "ammatillinenkoulutus", {"a"}),
        ("type", "lukiokoulutus", {"b"}),
        ("state", "lasna", {"a"}),
        ("state", "valmistunut", {"b"}),
        ("institution", "a", {"a"}),
    ],
)
def test_filter_narrows_list(as_superuser, study_right_a, study_right_b, parameter, value, expected):
    by_label = {"a": study_right_a, "b": study_right_b}
    if parameter == "institution":
        value = str(by_label[value].institution_id)

    response = as_superuser.get(CHANGELIST, {parameter: value})

    assert response.status_code == 200
    assert listed_oids(response) == {by_label[label].oid for label in expected}


def test_institution_filter_offers_readable_institutions_only(as_official_a, study_right_a, study_right_b):
    response = as_official_a.get(CHANGELIST)

    institution_filter = next(spec for spec in response.context["cl"].filter_specs if spec.parameter_name == "institution")
    offered = {value for value, _label in institution_filter.lookup_choices}
    assert offered == {str(study_right_a.institution_id)}


def test_filter_through_unlisted_relation_is_rejected(as_official_a, study_right_b):
    response = as_official_a.get(CHANGELIST, {"learner": study_right_b.learner_id})

    assert response.status_code == 400


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("user_kind", ["superuser", "official"])
def test_list_query_count_does_not_grow_with_rows(client, admin_user, official_a, user_kind):
    client.force_login(admin_user if user_kind == "superuser" else official_a)
    store_sample(SAMPLE_A, admin_user)
    store_sample(SAMPLE_B, admin_user)
    client.get(CHANGELIST)  # The first page of a session also loads the session and fills the filter's cache.
    with_two = count_queries(client, CHANGELIST)

    for _ in range(4):
        store_sample(SAMPLE_A, admin_user)
        store_sample(SAMPLE_B, admin_user)
    with_ten = count_queries(client, CHANGELIST)

    assert with_ten == with_two


def test_page_query_count_does_not_grow_with_achievements(as_superuser, admin_user):
    small = store_sample(SAMPLE_A, admin_user)
    large = store_sample(SAMPLE_B, admin_user)
    assert large.achievements.count() > 5 * small.achievements.count()
    # The first page of a process fills caches such as Django's content types, so it is not compared.
    as_superuser.get(change_url(small))

    assert count_queries(as_superuser, change_url(large)) == count_queries(as_superuser, change_url(small))


def basic_education_with_subject_area(admin_user):
    """Store basic education whose grade year has a subject-area part, which is sensitive as a whole."""
    document = samples.with_own_learner(samples.load("perusopetuksenoppimaara-paattotodistus.json"))
    study_right = document["opiskeluoikeudet"][0]
    grade = next(achievement for achievement in study_right["suoritukset"] if achievement.get("osasuoritukset"))
    grade["osasuoritukset"].append({
        "koulutusmoduuli": {"tunniste": {"koodiarvo": "1", "koodistoUri": "perusopetuksentoimintaalue"}},
        "arviointi": [{"arvosana": {"koodiarvo": "S", "koodistoUri": "arviointiasteikkoyleissivistava"}}],
        "tyyppi": {"koodiarvo": "perusopetuksentoimintaalue", "koodistoUri": "suorituksentyyppi"},
    })
    return store_learner_document(document, user=admin_user).study_rights[0].study_right


def shown_part_count(response):
    return sum(len(section.parts) for section in response.context["page"].achievements)


@pytest.mark.parametrize("sensitive, withheld", [(False, 1), (True, 0)])
def test_subject_area_achievement_needs_sensitive_right(client, admin_user, sensitive, withheld):
    study_right = basic_education_with_subject_area(admin_user)
    school = Organisation.objects.get(oid=INSTITUTION_B)
    official = UserFactory(is_staff=True)
    permissions.grant(official, permissions.READ, school)
    if sensitive:
        permissions.grant(official, permissions.SENSITIVE, school)
    client.force_login(official)

    response = client.get(change_url(study_right))

    assert study_right.achievements.filter(type="perusopetuksentoimintaalue").count() == 1
    assert shown_part_count(response) == study_right.achievements.filter(depth__gt=0).count() - withheld
