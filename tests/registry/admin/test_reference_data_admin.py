"""The admin of organisations, code sets and qualification descriptions."""

import pytest
from django.urls import reverse

from registry.models import CodeSet, QualificationDescription, QualificationUnit
from tests.registry.admin.records import INSTITUTION_A, PROVIDER_A

pytestmark = pytest.mark.django_db


def organisation_form(organisation, **changes):
    data = {
        "name_fi": organisation.name.get("fi", ""),
        "name_sv": organisation.name.get("sv", ""),
        "name_en": organisation.name.get("en", ""),
        "institution_number": organisation.institution_number,
        "business_id": organisation.business_id,
        "valid_from": organisation.valid_from.isoformat() if organisation.valid_from else "",
        "valid_to": organisation.valid_to.isoformat() if organisation.valid_to else "",
        "active": "on" if organisation.active else "",
    }
    data.update(changes)
    return data


def test_official_finds_organisation_by_oid(as_official_a, institution_b):
    response = as_official_a.get(reverse("admin:registry_organisation_changelist"), {"q": institution_b.oid})

    assert [row.oid for row in response.context["cl"].result_list] == [institution_b.oid]


def test_organisation_page_shows_hierarchy(as_official_a, institution_a):
    response = as_official_a.get(reverse("admin:registry_organisation_change", args=[institution_a.pk]))

    content = response.content.decode()
    assert f"{institution_a.name['fi']} (fi)" in content
    assert PROVIDER_A in content
    assert institution_a.children.exists()
    assert institution_a.children.first().oid in content


def test_superuser_renames_organisation_in_one_language(as_superuser, institution_a):
    original = dict(institution_a.name)
    url = reverse("admin:registry_organisation_change", args=[institution_a.pk])

    response = as_superuser.post(url, organisation_form(institution_a, name_en="Helsinki Vocational College"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    institution_a.refresh_from_db()
    assert institution_a.name["en"] == "Helsinki Vocational College"
    assert institution_a.name["fi"] == original["fi"]
    assert institution_a.oid == INSTITUTION_A


def test_organisation_needs_a_name(as_superuser, institution_a):
    url = reverse("admin:registry_organisation_change", args=[institution_a.pk])

    response = as_superuser.post(url, organisation_form(institution_a, name_fi="", name_sv="", name_en=""))

    assert response.status_code == 200
    assert [error.code for error in response.context["adminform"].form.non_field_errors().as_data()] == ["name_missing"]


def test_organisation_hierarchy_is_not_editable(as_superuser, institution_a, institution_b):
    url = reverse("admin:registry_organisation_change", args=[institution_a.pk])

    as_superuser.post(url, organisation_form(institution_a, parent=institution_b.pk, path="x/", oid="1.2.246.562.10.1"))

    institution_a.refresh_from_db()
    assert institution_a.parent.oid == PROVIDER_A
    assert institution_a.oid == INSTITUTION_A
    assert institution_a.path.endswith(f"{PROVIDER_A}/{INSTITUTION_A}/")


def test_filter_through_study_rights_of_organisation_is_rejected(as_official_a, study_right_b):
    response = as_official_a.get(
        reverse("admin:registry_organisation_changelist"), {"institution_study_rights": study_right_b.pk},
    )

    assert response.status_code == 400


def test_code_set_links_to_its_codes(as_official_a):
    code_set = CodeSet.objects.get(uri="koskiopiskeluoikeudentila")

    page = as_official_a.get(reverse("admin:registry_codeset_change", args=[code_set.pk]))
    codes = as_official_a.get(reverse("admin:registry_code_changelist"), {"code_set_uri": code_set.uri})

    assert "code_set_uri=koskiopiskeluoikeudentila" in page.content.decode()
    values = {code.value for code in codes.context["cl"].result_list}
    assert "lasna" in values
    assert {code.code_set_uri for code in codes.context["cl"].result_list} == {code_set.uri}


@pytest.fixture
def description_with_html_unit(db):
    description = QualificationDescription.objects.create(
        eperusteet_id=999000001, diary_number="TEST-1-2099", name={"fi": "Testitutkinto"},
    )
    QualificationUnit.objects.create(
        description=description, code="990001", name={"fi": "Testiosa"}, scope=15, scope_unit="osaamispiste",
        competence_requirements={"html": {"fi": (
            '<p>Opiskelija osaa</p><ul><li onclick="steal()">korjata <b>auton</b></li>'
            '<li>huoltaa<ul><li>jarrut</li></ul></li></ul><script>alert("x")</script>'
            '<img src=x onerror="alert(1)">'
        )}},
    )
    QualificationUnit.objects.create(
        description=description, code="990002", name={"fi": "Rakenteinen osa"},
        competence_requirements={
            "subject": {"fi": "Opiskelija"},
            "requirements": [{"fi": "suunnittelee työnsä"}],
            "areas": [{"title": {"fi": "Asiakaspalvelu"}, "requirements": [{"fi": "palvelee asiakasta"}]}],
        },
    )
    return description


def test_description_page_shows_requirements_as_text(as_official_a, description_with_html_unit):
    response = as_official_a.get(
        reverse("admin:registry_qualificationdescription_change", args=[description_with_html_unit.pk]),
        HTTP_ACCEPT_LANGUAGE="fi",
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "<li class=\"tor-level-0\">korjata auton</li>" in content
    assert "<li class=\"tor-level-1\">jarrut</li>" in content
    assert "steal()" not in content
    assert "alert(" not in content
    assert "onerror" not in content
    assert "15 osaamispiste" in content
    assert "palvelee asiakasta" in content
    assert "Asiakaspalvelu" in content


def test_description_list_finds_diary_number(as_official_a, description_with_html_unit):
    response = as_official_a.get(
        reverse("admin:registry_qualificationdescription_changelist"), {"diary_number": "TEST-1-2099"},
    )

    assert [row.pk for row in response.context["cl"].result_list] == [description_with_html_unit.pk]
    assert response.context["cl"].result_list[0].unit_count == 2
