"""Date rules: each rejected example is a real sample with one field changed."""

import pytest

from registry.services.ingest.rules import dates
from registry.transfer_format.model import read_study_right_model

from .edits import changed, sample_document, set_field

pytestmark = pytest.mark.django_db

VOCATIONAL_GRADUATED = "ammatillinen-perustutkinto.json"
VOCATIONAL_OPEN = "tiedonsiirto-onnistunut.json"
BASIC_EDUCATION = "perusopetuksenoppimaara-paattotodistus.json"

REJECTED = [
    # (case, sample, field below the study right, new value, expected key)
    ("end before start", VOCATIONAL_GRADUATED, ("tila", "opiskeluoikeusjaksot", 1, "alku"), "2012-08-31",
     "badRequest.validation.date.päättymisPäiväEnnenAlkamispäivää"),
    ("estimated end before start", VOCATIONAL_OPEN, ("arvioituPäättymispäivä",), "2016-08-31",
     "badRequest.validation.date.arvioituPäättymisPäiväEnnenAlkamispäivää"),
    ("periods out of order", "perusopetukseenvalmistavaopetus.json", ("tila", "opiskeluoikeusjaksot", 2, "alku"), "2017-12-01",
     "badRequest.validation.date.opiskeluoikeusjaksojenPäivämäärät"),
    ("assessment before its achievement's start", VOCATIONAL_GRADUATED,
     ("suoritukset", 0, "osasuoritukset", 7, "osasuoritukset", 4, "alkamispäivä"), "2015-06-01",
     "badRequest.validation.date.arviointiEnnenAlkamispäivää"),
    ("verification before latest assessment", VOCATIONAL_GRADUATED,
     ("suoritukset", 0, "osasuoritukset", 0, "vahvistus", "päivä"), "2014-12-31",
     "badRequest.validation.date.vahvistusEnnenArviointia"),
    ("verification before start", BASIC_EDUCATION, ("suoritukset", 0, "alkamispäivä"), "2014-06-01",
     "badRequest.validation.date.vahvistusEnnenAlkamispäivää"),
    ("part verified after its parent", VOCATIONAL_GRADUATED, ("suoritukset", 0, "vahvistus", "päivä"), "2016-05-01",
     "badRequest.validation.date.suorituksenVahvistusEnnenSuorituksenOsanVahvistusta"),
    ("study right ended before verification", VOCATIONAL_GRADUATED, ("suoritukset", 0, "vahvistus", "päivä"), "2016-09-30",
     "badRequest.validation.date.päättymispäiväEnnenVahvistusta"),
    ("basic education ended before verification", BASIC_EDUCATION, ("suoritukset", 3, "vahvistus", "päivä"), "2016-06-05",
     "badRequest.validation.date.päättymispäiväEnnenVahvistusta"),
]


@pytest.mark.parametrize(("sample", "path", "value", "key"), [case[1:] for case in REJECTED], ids=[case[0] for case in REJECTED])
def test_date_rule_rejects(rejected_keys, sample, path, value, key):
    keys = rejected_keys(changed(sample, path, value))

    assert key in keys


@pytest.mark.parametrize(("key", "value"), [("alkamispäivä", "2012-09-02"), ("päättymispäivä", "2019-05-31")])
def test_sent_start_and_end_are_derived_from_periods(rejected_keys, key, value):
    """The format derives alkamispäivä and päättymispäivä from the periods and ignores the values sent."""
    document = changed(VOCATIONAL_OPEN, (key,), value)

    assert rejected_keys(document) == []


def test_assessment_before_study_right_start_passes(rejected_keys):
    """Assessments are compared with their own achievement's start, never the study right's."""
    document = changed(VOCATIONAL_GRADUATED, ("suoritukset", 0, "osasuoritukset", 0, "arviointi", 0, "päivä"), "2012-01-10")

    assert rejected_keys(document) == []


def test_undated_assessment_is_not_checked():
    """Assessments without a date are left alone.

    Vocational assessments must be dated by the schema, so the rule is called directly on a
    document whose part starts after the day its assessment would have.
    """
    document = sample_document(VOCATIONAL_GRADUATED)
    part = document["opiskeluoikeudet"][0]["suoritukset"][0]["osasuoritukset"][7]["osasuoritukset"][4]
    part["alkamispäivä"] = "2015-06-01"
    del part["arviointi"][0]["päivä"]
    model = read_study_right_model(document["opiskeluoikeudet"][0], "opiskeluoikeudet[0]")
    problems = []

    dates.reject_assessment_before_start(None, problems, study_right=model)

    assert problems == []


def test_naytto_verified_after_end_passes(rejected_keys):
    """A qualification committee may verify a competence-based qualification after the study right ended."""
    document = changed("ammatillinen-erikoisammattitutkinto.json", ("suoritukset", 1, "vahvistus", "päivä"), "2016-10-15")

    assert rejected_keys(document) == []


def test_same_day_dates_are_accepted(rejected_keys):
    """A study right may end on the day of its last verification, which may be the day of the last assessment."""
    document = sample_document(VOCATIONAL_GRADUATED)
    study_right = document["opiskeluoikeudet"][0]
    top = study_right["suoritukset"][0]
    set_field(top, ("osasuoritukset", 0, "vahvistus", "päivä"), "2015-01-01")
    set_field(top, ("vahvistus", "päivä"), "2016-08-31")

    assert rejected_keys(document) == []


def test_same_day_invalidation_period_is_accepted(rejected_keys):
    """An invalidation (mitatoity) may start on the day of the period before it."""
    document = sample_document(VOCATIONAL_OPEN)
    stored_oid = _store(rejected_keys, document)
    study_right = document["opiskeluoikeudet"][0]
    study_right["oid"] = stored_oid
    study_right["tila"]["opiskeluoikeusjaksot"].append(
        {"alku": "2016-09-01", "tila": {"koodiarvo": "mitatoity", "koodistoUri": "koskiopiskeluoikeudentila"}},
    )

    assert rejected_keys(document) == []


def _store(rejected_keys, document):
    from registry.models import StudyRight

    assert rejected_keys(document) == []
    return StudyRight.objects.order_by("-pk").values_list("oid", flat=True).first()
