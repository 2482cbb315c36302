"""Structural faults, each made by changing one field of a real sample, get one keyed problem naming its path."""

import copy

import pytest
from django.utils import translation

from registry.transfer_format.structure import check_learner_document
from tests import samples

VOCATIONAL = "ammatillinen-perustutkinto.json"
GENERAL_UPPER_SECONDARY = "lukio-paattotodistus.json"
BASIC_EDUCATION = "perusopetuksenoppimaara-paattotodistus.json"
PRE_PRIMARY = "esiopetusvalmis.json"
MATRICULATION = "ylioppilastutkinto.json"

SCHEMA = "badRequest.validation.jsonSchema"
DATE = "badRequest.format.date"
UNKNOWN_CODE = "badRequest.validation.koodisto.tuntematonKoodi"

STUDY_RIGHT = ("opiskeluoikeudet", 0)
ACHIEVEMENT = (*STUDY_RIGHT, "suoritukset", 0)
PART = (*ACHIEVEMENT, "osasuoritukset", 0)
FIRST_PERIOD = (*STUDY_RIGHT, "tila", "opiskeluoikeusjaksot", 0)
DELETE = object()

# (case, sample, location of the one changed field, new value or DELETE, expected key, path in the message)
CASES = [
    ("unknown field at top level", VOCATIONAL, ("tuntematon",), 1, SCHEMA, "tuntematon"),
    ("unknown field in study right", VOCATIONAL, (*STUDY_RIGHT, "tuntematon"), "x", SCHEMA, "opiskeluoikeudet[0].tuntematon"),
    ("unknown field in achievement", VOCATIONAL, (*ACHIEVEMENT, "tuntematon"), True, SCHEMA,
     "opiskeluoikeudet[0].suoritukset[0].tuntematon"),
    ("unknown field in assessment", VOCATIONAL, (*PART, "arviointi", 0, "tuntematon"), {}, SCHEMA,
     "opiskeluoikeudet[0].suoritukset[0].osasuoritukset[0].arviointi[0].tuntematon"),
    ("unknown field in a name", VOCATIONAL, (*PART, "koulutusmoduuli", "tunniste", "nimi", "de"), "Name", SCHEMA,
     "opiskeluoikeudet[0].suoritukset[0].osasuoritukset[0].koulutusmoduuli.tunniste.nimi.de"),
    ("unknown field in person", VOCATIONAL, ("henkilö", "puhelin"), "0401234567", SCHEMA, "henkilö.puhelin"),
    ("string for a number", VOCATIONAL, (*PART, "koulutusmoduuli", "laajuus", "arvo"), "5", SCHEMA,
     "opiskeluoikeudet[0].suoritukset[0].osasuoritukset[0].koulutusmoduuli.laajuus.arvo"),
    ("number for a string", VOCATIONAL, (*ACHIEVEMENT, "koulutusmoduuli", "perusteenDiaarinumero"), 62011, SCHEMA,
     "opiskeluoikeudet[0].suoritukset[0].koulutusmoduuli.perusteenDiaarinumero"),
    ("boolean for an object", VOCATIONAL, (*STUDY_RIGHT, "oppilaitos"), True, SCHEMA, "opiskeluoikeudet[0].oppilaitos"),
    ("string for a boolean", VOCATIONAL, (*PART, "koulutusmoduuli", "pakollinen"), "true", SCHEMA,
     "opiskeluoikeudet[0].suoritukset[0].osasuoritukset[0].koulutusmoduuli.pakollinen"),
    ("object for a list", VOCATIONAL, (*ACHIEVEMENT, "osasuoritukset"), {}, SCHEMA,
     "opiskeluoikeudet[0].suoritukset[0].osasuoritukset"),
    ("empty string", VOCATIONAL, (*ACHIEVEMENT, "ryhmä"), "", SCHEMA, "opiskeluoikeudet[0].suoritukset[0].ryhmä"),
    ("invalid date", VOCATIONAL, (*FIRST_PERIOD, "alku"), "2023-02-30", DATE,
     "opiskeluoikeudet[0].tila.opiskeluoikeusjaksot[0].alku"),
    ("date in another form", VOCATIONAL, (*PART, "arviointi", 0, "päivä"), "1.1.2015", DATE,
     "opiskeluoikeudet[0].suoritukset[0].osasuoritukset[0].arviointi[0].päivä"),
    ("invalid computed date", VOCATIONAL, (*STUDY_RIGHT, "alkamispäivä"), "2016-13-01", DATE,
     "opiskeluoikeudet[0].alkamispäivä"),
    ("number for a date", BASIC_EDUCATION, (*ACHIEVEMENT, "vahvistus", "päivä"), 20160604, SCHEMA,
     "opiskeluoikeudet[0].suoritukset[0].vahvistus.päivä"),
    ("missing state", VOCATIONAL, (*STUDY_RIGHT, "tila"), DELETE, SCHEMA, "opiskeluoikeudet[0].tila"),
    ("missing achievements", VOCATIONAL, (*STUDY_RIGHT, "suoritukset"), DELETE, SCHEMA, "opiskeluoikeudet[0].suoritukset"),
    ("no achievements", GENERAL_UPPER_SECONDARY, (*STUDY_RIGHT, "suoritukset"), [], SCHEMA, "opiskeluoikeudet[0].suoritukset"),
    ("missing module code", VOCATIONAL, (*ACHIEVEMENT, "koulutusmoduuli", "tunniste"), DELETE, SCHEMA,
     "opiskeluoikeudet[0].suoritukset[0].koulutusmoduuli.tunniste"),
    ("missing part's module code", VOCATIONAL, (*PART, "koulutusmoduuli", "tunniste"), DELETE, SCHEMA,
     "opiskeluoikeudet[0].suoritukset[0].osasuoritukset[0].koulutusmoduuli.tunniste"),
    ("missing period start", PRE_PRIMARY, (*FIRST_PERIOD, "alku"), DELETE, SCHEMA,
     "opiskeluoikeudet[0].tila.opiskeluoikeusjaksot[0].alku"),
    ("null for a required field", VOCATIONAL, (*ACHIEVEMENT, "suorituskieli"), None, SCHEMA,
     "opiskeluoikeudet[0].suoritukset[0].suorituskieli"),
    ("code from wrong code set", VOCATIONAL, (*ACHIEVEMENT, "suorituskieli", "koodistoUri"), "maatjavaltiot2", SCHEMA,
     "opiskeluoikeudet[0].suoritukset[0].suorituskieli.koodistoUri"),
    ("grade from wrong code set", VOCATIONAL, (*PART, "arviointi", 0, "arvosana", "koodistoUri"), "kieli", SCHEMA,
     "opiskeluoikeudet[0].suoritukset[0].osasuoritukset[0].arviointi[0].arvosana"),
    ("state not allowed for general upper secondary", GENERAL_UPPER_SECONDARY, (*FIRST_PERIOD, "tila", "koodiarvo"), "loma",
     SCHEMA, "opiskeluoikeudet[0].tila.opiskeluoikeusjaksot[0].tila"),
    ("state not allowed for basic education", BASIC_EDUCATION, (*FIRST_PERIOD, "tila", "koodiarvo"), "loma",
     SCHEMA, "opiskeluoikeudet[0].tila.opiskeluoikeusjaksot[0].tila"),
    ("state not allowed for matriculation", MATRICULATION, (*STUDY_RIGHT, "tila", "opiskeluoikeusjaksot"),
     [{"alku": "2020-01-01", "tila": {"koodiarvo": "lasna", "koodistoUri": "koskiopiskeluoikeudentila"}}],
     SCHEMA, "opiskeluoikeudet[0].tila.opiskeluoikeusjaksot[0].tila"),
    ("module code not allowed", MATRICULATION, (*ACHIEVEMENT, "koulutusmoduuli", "tunniste", "koodiarvo"), "301102",
     SCHEMA, "opiskeluoikeudet[0].suoritukset[0].koulutusmoduuli.tunniste"),
    ("achievement type of another study right type", VOCATIONAL, (*ACHIEVEMENT, "tyyppi", "koodiarvo"), "lukionoppimaara",
     SCHEMA, "opiskeluoikeudet[0].suoritukset[0].tyyppi"),
    ("field only allowed for some completion methods", VOCATIONAL, (*ACHIEVEMENT, "suoritustapa", "koodiarvo"), "naytto",
     SCHEMA, "opiskeluoikeudet[0].suoritukset[0].keskiarvo"),
    ("organisation OID of wrong form", VOCATIONAL, (*STUDY_RIGHT, "oppilaitos", "oid"), "1.2.246.562.10.123", SCHEMA,
     "opiskeluoikeudet[0].oppilaitos.oid"),
    ("version number below 1", VOCATIONAL, (*STUDY_RIGHT, "versionumero"), 0, SCHEMA, "opiskeluoikeudet[0].versionumero"),
    ("fractional version number", VOCATIONAL, (*STUDY_RIGHT, "versionumero"), 1.5, SCHEMA, "opiskeluoikeudet[0].versionumero"),
]


def changed(name, location, value):
    document = copy.deepcopy(samples.load(name))
    parent = document
    for step in location[:-1]:
        parent = parent[step]
    if value is DELETE:
        del parent[location[-1]]
    else:
        parent[location[-1]] = value
    return document


def every_code_exists(pairs):
    return set(pairs)


@pytest.mark.parametrize(
    ("name", "location", "value", "key", "path"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_one_changed_field_gives_one_problem(name, location, value, key, path):
    document = changed(name, location, value)

    problems = check_learner_document(document, existing_codes=every_code_exists)

    assert [error.key.key for error in problems] == [key], [error.message() for error in problems]
    assert path in problems[0].message()


def test_state_not_allowed_lists_the_allowed_states():
    document = changed(GENERAL_UPPER_SECONDARY, (*FIRST_PERIOD, "tila", "koodiarvo"), "loma")

    message = check_learner_document(document, existing_codes=every_code_exists)[0].message()

    assert "loma" in message
    assert "lukiokoulutus" in message
    assert "valiaikaisestikeskeytynyt" in message


def test_code_outside_code_set_is_unknown():
    document = changed(VOCATIONAL, (*FIRST_PERIOD, "tila", "koodiarvo"), "opiskelee")

    problems = check_learner_document(document, existing_codes=lambda pairs: set())

    assert [error.key.key for error in problems] == [UNKNOWN_CODE]
    assert "opiskeluoikeudet[0].tila.opiskeluoikeusjaksot[0].tila" in problems[0].message()
    assert "opiskelee" in problems[0].message()


def test_wrong_type_message_names_expected_and_found():
    document = changed(VOCATIONAL, (*PART, "koulutusmoduuli", "laajuus", "arvo"), "5")

    with translation.override("en"):
        message = check_learner_document(document, existing_codes=every_code_exists)[0].message()

    assert 'expected a number, got the string "5"' in message


def test_unknown_field_message_names_the_class():
    document = changed(VOCATIONAL, (*STUDY_RIGHT, "tuntematon"), "x")

    with translation.override("en"):
        message = check_learner_document(document, existing_codes=every_code_exists)[0].message()

    assert "unknown field tuntematon: not in AmmatillinenOpiskeluoikeus" in message


def test_unknown_field_with_null_is_ignored():
    document = changed(VOCATIONAL, (*STUDY_RIGHT, "tuntematon"), None)

    assert check_learner_document(document, existing_codes=every_code_exists) == []


def test_every_problem_of_a_document_is_listed():
    document = changed(VOCATIONAL, (*STUDY_RIGHT, "tuntematon"), "x")
    document["opiskeluoikeudet"][0]["tila"]["opiskeluoikeusjaksot"][0]["alku"] = "2023-02-30"
    del document["opiskeluoikeudet"][0]["suoritukset"][0]["koulutusmoduuli"]["tunniste"]

    problems = check_learner_document(document, existing_codes=every_code_exists)

    assert sorted(error.key.key for error in problems) == [DATE, SCHEMA, SCHEMA]


@pytest.mark.django_db
def test_code_tables_decide_between_unknown_and_not_allowed():
    not_allowed = changed(GENERAL_UPPER_SECONDARY, (*FIRST_PERIOD, "tila", "koodiarvo"), "loma")
    unknown = changed(GENERAL_UPPER_SECONDARY, (*FIRST_PERIOD, "tila", "koodiarvo"), "opiskelee")

    assert [error.key.key for error in check_learner_document(not_allowed)] == [SCHEMA]
    assert [error.key.key for error in check_learner_document(unknown)] == [UNKNOWN_CODE]
