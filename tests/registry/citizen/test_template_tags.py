"""Names, grades, scopes and dates as the citizen pages render them (registry.templatetags.tor)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from registry.templatetags.tor import achievement_name, display_date, grade_text, localised_text, scope_text
from registry.transfer_format.presentation import AchievementView, GradeView

NAMES = {"fi": "Ympäristöalan osaamisala", "sv": "Kompetensområdet för miljö"}


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_name_in_active_language_is_plain():
    with translation.override("sv"):
        assert localised_text(NAMES) == "Kompetensområdet för miljö"


def test_fallback_name_is_marked_with_its_language(english):
    assert localised_text(NAMES) == '<span lang="fi">Ympäristöalan osaamisala</span>'


def test_missing_name_renders_default_escaped(english):
    assert localised_text({}, "<unknown>") == "&lt;unknown&gt;"
    assert localised_text(None) == ""


def test_name_is_escaped():
    with translation.override("fi"):
        assert localised_text({"fi": "A & <B>"}) == "A &amp; &lt;B&gt;"


def achievement(**fields):
    return AchievementView(**{"type_code": "", "type_name": {}, "module_code": "", "name": {}, **fields})


def test_language_subject_is_named_with_its_language():
    subject = achievement(name={"fi": "A1-kieli", "en": "A1 language"}, subject_language_name={"fi": "englanti", "en": "English"})

    with translation.override("fi"):
        assert achievement_name(subject, "Unnamed") == "A1-kieli, englanti"


@pytest.mark.parametrize(("fields", "expected"), [
    ({"type_name": {"en": "General upper secondary subject studies"}}, "General upper secondary subject studies"),
    ({"module_code": "KISI"}, "KISI"),
    ({}, "Unnamed achievement"),
])
def test_achievement_name_is_never_empty(english, fields, expected):
    assert achievement_name(achievement(**fields), "Unnamed achievement") == expected


@pytest.mark.parametrize(("grade", "expected"), [
    (GradeView("9", {"fi": "kiitettävä", "en": "excellent"}, True, None), "9 (excellent)"),
    (GradeView("L", {"fi": "Laudatur"}, True, None), 'L (<span lang="fi">Laudatur</span>)'),
    (GradeView("Hyväksytty", {"fi": "Hyväksytty", "en": "Pass"}, True, None), "Pass"),
    (GradeView("3", {"fi": "3"}, True, None), "3"),
    (GradeView("S", {}, True, None), "S"),
    (None, ""),
])
def test_grade_text(english, grade, expected):
    assert grade_text(grade) == expected


@pytest.mark.parametrize(("language", "scope", "expected"), [
    ("fi", Decimal("40.0"), "40 osaamispistettä"),
    ("fi", Decimal("0.50"), "0,5 osaamispistettä"),
    ("en", Decimal("1.5"), "1.5 ECVET competence points"),
    ("en", None, ""),
])
def test_scope_text(language, scope, expected):
    unit = {"fi": "osaamispistettä", "en": "ECVET competence points"}

    with translation.override(language):
        assert scope_text(scope, unit) == expected


def test_scope_without_unit_is_the_number():
    with translation.override("fi"):
        assert scope_text(Decimal("6"), {}) == "6"


def test_date_is_day_first_with_iso_datetime():
    assert display_date(datetime.date(2016, 8, 31)) == '<time datetime="2016-08-31">31.8.2016</time>'
    assert display_date(None) == ""
