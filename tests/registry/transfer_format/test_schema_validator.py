"""How the validator reads the schema: choosing a trait's class, flattened fields, scalar types, the person."""

import copy

import pytest
from django.utils import translation

from registry.transfer_format.schema.discrimination import choose
from registry.transfer_format.schema.model import schema
from registry.transfer_format.schema.validator import (
    is_date, is_date_time, unknown_root_fields, validate_person, validate_study_right,
)
from tests import samples

VOCATIONAL = "ammatillinen-perustutkinto.json"


@pytest.fixture(autouse=True)
def english():
    """Validate in English, the language of the msgids that the messages below are compared with."""
    with translation.override("en"):
        yield


def vocational_study_right():
    return copy.deepcopy(samples.load(VOCATIONAL)["opiskeluoikeudet"][0])


def messages(problems):
    return [problem.message() for problem in problems]


def chosen(trait_name, value):
    return [spec.name for spec in choose(schema().traits[trait_name], value, [])]


def test_localized_text_class_follows_its_languages():
    assert chosen("LocalizedString", {"fi": "a", "sv": "b"}) == ["Finnish"]
    assert chosen("LocalizedString", {"sv": "b", "en": "c"}) == ["Swedish"]
    assert chosen("LocalizedString", {"en": "c"}) == ["English"]
    assert chosen("LocalizedString", {"de": "d"}) == []


def test_scope_class_follows_its_unit_code():
    scope = {"arvo": 5, "yksikkö": {"koodiarvo": "6", "koodistoUri": "opintojenlaajuusyksikko"}}
    other_unit = {"arvo": 5, "yksikkö": {"koodiarvo": "7", "koodistoUri": "opintojenlaajuusyksikko"}}

    assert chosen("Laajuus", scope) == ["LaajuusOsaamispisteissä"]
    assert chosen("Laajuus", other_unit) == ["LaajuusKaikkiYksiköt"]


def test_organisation_class_follows_its_fields():
    assert chosen("OrganisaatioWithOid", {"oid": "1.2.246.562.10.52251087186"}) == ["OidOrganisaatio"]
    assert chosen(
        "OrganisaatioWithOid",
        {"oid": "1.2.246.562.10.52251087186", "oppilaitosnumero": {"koodiarvo": "10105", "koodistoUri": "oppilaitosnumero"}},
    ) == ["Oppilaitos"]


def test_competence_area_may_be_sent_as_its_code():
    study_right = vocational_study_right()
    study_right["suoritukset"][0]["osaamisala"] = [{"koodiarvo": "1590", "koodistoUri": "osaamisala"}]

    assert messages(validate_study_right(study_right, "ammatillinenkoulutus", "opiskeluoikeudet[0]")) == []


def test_competence_area_code_keeps_its_code_set():
    study_right = vocational_study_right()
    study_right["suoritukset"][0]["osaamisala"] = [{"koodiarvo": "1590", "koodistoUri": "koulutus"}]

    problems = messages(validate_study_right(study_right, "ammatillinenkoulutus", "opiskeluoikeudet[0]"))

    assert problems == [
        "opiskeluoikeudet[0].suoritukset[0].osaamisala[0].koodistoUri: code set koulutus is not allowed here: use osaamisala",
    ]


def test_register_fields_are_accepted():
    study_right = vocational_study_right()
    study_right.update({
        "oid": "1.2.246.562.15.00000000001",
        "versionumero": 3,
        "aikaleima": "2024-05-02T10:11:12.123456789",
        "alkamispäivä": "2012-09-01",
        "päättymispäivä": "2016-08-31",
    })
    study_right["oppilaitos"]["oppilaitostyyppi"] = {"koodiarvo": "21", "koodistoUri": "oppilaitostyyppi"}

    assert messages(validate_study_right(study_right, "ammatillinenkoulutus", "opiskeluoikeudet[0]")) == []


def test_boolean_is_not_a_whole_number():
    study_right = vocational_study_right()
    study_right["versionumero"] = True

    problems = messages(validate_study_right(study_right, "ammatillinenkoulutus", "opiskeluoikeudet[0]"))

    assert problems == ["opiskeluoikeudet[0].versionumero: expected a whole number, got the boolean true"]


def test_null_list_item_is_rejected():
    study_right = vocational_study_right()
    study_right["suoritukset"].append(None)

    problems = messages(validate_study_right(study_right, "ammatillinenkoulutus", "opiskeluoikeudet[0]"))

    assert problems == ["opiskeluoikeudet[0].suoritukset[1]: expected an object (AmmatillinenPäätasonSuoritus), got null"]


def test_visitor_sees_each_object_with_its_class():
    study_right = vocational_study_right()
    seen = {}

    validate_study_right(
        study_right, "ammatillinenkoulutus", "opiskeluoikeudet[0]",
        visit=lambda value, spec, path, containers: seen.setdefault(path, spec.name),
    )

    assert seen["opiskeluoikeudet[0]"] == "AmmatillinenOpiskeluoikeus"
    assert seen["opiskeluoikeudet[0].suoritukset[0]"] == "AmmatillisenTutkinnonSuoritus"
    assert seen["opiskeluoikeudet[0].tila.opiskeluoikeusjaksot[0]"] == "AmmatillinenOpiskeluoikeusjakso"


def test_person_accepts_each_national_form():
    by_oid = {"oid": "1.2.246.562.24.00000000001"}
    new = {"hetu": "280618-402H", "etunimet": "Aarne", "kutsumanimi": "Aarne", "sukunimi": "Ammattilainen"}
    read_back = {
        **by_oid, **new, "syntymäaika": "2018-06-28", "äidinkieli": {"koodiarvo": "FI", "koodistoUri": "kieli"},
        "turvakielto": False,
    }

    for person in (by_oid, new, read_back):
        assert messages(validate_person(person, "henkilö")) == []


def test_person_field_types_are_checked():
    problems = messages(validate_person({"oid": "1.2.3", "turvakielto": "ei"}, "henkilö"))

    assert problems == [
        'henkilö.oid: the string "1.2.3" does not match the pattern ^1\\.2\\.246\\.562\\.(24|98|198)\\.\\d{11}$',
        'henkilö.turvakielto: expected true or false, got the string "ei"',
    ]


def test_test_environment_flags_are_not_unknown_fields():
    assert unknown_root_fields({"henkilö": {}, "opiskeluoikeudet": [], "ignoreKoskiValidator": True}) == []


def test_dates_must_be_real_calendar_dates():
    assert is_date("2024-02-29")
    assert not is_date("2023-02-29")
    assert not is_date("2023-2-28")
    assert not is_date("20230228")
    assert not is_date("２０２３-02-28")


def test_date_times_are_local_iso_times():
    assert is_date_time("2024-05-02T10:11", zoned=False)
    assert is_date_time("2024-05-02T10:11:12.5", zoned=False)
    assert not is_date_time("2024-05-02 10:11:12", zoned=False)
    assert not is_date_time("2024-05-02T25:11:12", zoned=False)
    assert is_date_time("2024-05-02T10:11:12+02:00", zoned=True)
