"""State rules: each rejected example is a real sample with one field changed."""

import pytest

from .edits import REMOVE, changed, field, sample_document

pytestmark = pytest.mark.django_db

VOCATIONAL_GRADUATED = "ammatillinen-perustutkinto.json"
VOCATIONAL_OPEN = "tiedonsiirto-onnistunut.json"


def reversed_periods(name):
    periods = field(sample_document(name), ("tila", "opiskeluoikeusjaksot"))
    return list(reversed(periods))


def first_top_level_only(name):
    return field(sample_document(name), ("suoritukset",))[:1]


REJECTED = [
    # (case, sample, field below the study right, new value, expected key)
    ("state after the ending state", "ammatillinen-ops.json", ("tila", "opiskeluoikeusjaksot"),
     reversed_periods("ammatillinen-ops.json"),
     "badRequest.validation.tila.tilaMuuttunutLopullisenTilanJälkeen"),
    ("two ending states", "perusopetukseenvalmistavaopetus.json", ("tila", "opiskeluoikeusjaksot", 1, "tila", "koodiarvo"),
     "eronnut", "badRequest.validation.tila.montaPäättävääTilaa"),
    ("graduated without verification", VOCATIONAL_GRADUATED, ("suoritukset", 0, "vahvistus"), REMOVE,
     "badRequest.validation.tila.vahvistusPuuttuu"),
    ("graduated general upper secondary without verification", "lukio-paattotodistus.json", ("suoritukset", 0, "vahvistus"),
     REMOVE, "badRequest.validation.tila.vahvistusPuuttuu"),
    ("graduated adult basic education with the initial stage only", "aikuistenperusopetuksenoppimaara2017.json",
     ("suoritukset",), first_top_level_only("aikuistenperusopetuksenoppimaara2017.json"),
     "badRequest.validation.tila.suoritusPuuttuu"),
    ("graduated subject studies without an assessed subject", "lukioops2019-oppiaineidenoppimaara.json",
     ("suoritukset", 0, "osasuoritukset"), [], "badRequest.validation.tila.osasuoritusPuuttuu"),
    ("verified syllabus with an unassessed course", "lukio-paattotodistus.json",
     ("suoritukset", 0, "osasuoritukset", 0, "osasuoritukset", 0, "arviointi"), REMOVE,
     "badRequest.validation.tila.keskeneräinenOsasuoritus"),
    ("verified qualification with an unassessed unit", VOCATIONAL_GRADUATED,
     ("suoritukset", 0, "osasuoritukset", 2, "arviointi"), REMOVE,
     "badRequest.validation.tila.keskeneräinenOsasuoritus"),
    ("assessed unit with an unassessed part", VOCATIONAL_GRADUATED,
     ("suoritukset", 0, "osasuoritukset", 7, "osasuoritukset", 0, "arviointi"), REMOVE,
     "badRequest.validation.tila.keskeneräinenOsasuoritus"),
    ("verified subject syllabus without assessment", "lukio-lukionoppiaineenoppimaara-kesken.json",
     ("suoritukset", 0, "arviointi"), REMOVE, "badRequest.validation.tila.vahvistusIlmanArviointia"),
    ("vocational attendance without funding", VOCATIONAL_OPEN, ("tila", "opiskeluoikeusjaksot", 0, "opintojenRahoitus"), REMOVE,
     "badRequest.validation.tila.tilaltaPuuttuuRahoitusmuoto"),
    ("vocational graduation without funding", VOCATIONAL_GRADUATED, ("tila", "opiskeluoikeusjaksot", 1, "opintojenRahoitus"),
     REMOVE, "badRequest.validation.tila.tilaltaPuuttuuRahoitusmuoto"),
    ("general upper secondary attendance without funding", "lukio-uusi.json",
     ("tila", "opiskeluoikeusjaksot", 0, "opintojenRahoitus"), REMOVE,
     "badRequest.validation.tila.tilaltaPuuttuuRahoitusmuoto"),
    ("preparatory upper secondary graduation without funding", "lukioonvalmistavakoulutus,Lukion2019-opsilla.json",
     ("tila", "opiskeluoikeusjaksot", 1, "opintojenRahoitus"), REMOVE,
     "badRequest.validation.tila.tilaltaPuuttuuRahoitusmuoto"),
    ("adult basic education attendance without funding", "aikuistenperusopetuksenoppiaineenoppimara-kesken.json",
     ("tila", "opiskeluoikeusjaksot", 0, "opintojenRahoitus"), REMOVE,
     "badRequest.validation.tila.tilaltaPuuttuuRahoitusmuoto"),
]


@pytest.mark.parametrize(("sample", "path", "value", "key"), [case[1:] for case in REJECTED], ids=[case[0] for case in REJECTED])
def test_state_rule_rejects(rejected_keys, sample, path, value, key):
    keys = rejected_keys(changed(sample, path, value))

    assert key in keys


def test_vocational_holiday_needs_funding(rejected_keys):
    document = changed(VOCATIONAL_OPEN, ("tila", "opiskeluoikeusjaksot", 0, "tila", "koodiarvo"), "loma")
    del document["opiskeluoikeudet"][0]["tila"]["opiskeluoikeusjaksot"][0]["opintojenRahoitus"]

    assert rejected_keys(document) == ["badRequest.validation.tila.tilaltaPuuttuuRahoitusmuoto"]


def test_basic_education_needs_no_funding(rejected_keys):
    """Funding is required only for the vocational, general upper secondary and adult basic education types."""
    document = sample_document("perusopetuksenoppimaara-paattotodistus.json")

    assert all("opintojenRahoitus" not in period for period in field(document, ("tila", "opiskeluoikeusjaksot")))
    assert rejected_keys(document) == []


def test_interrupted_period_needs_no_funding(rejected_keys):
    """A temporarily interrupted period (valiaikaisestikeskeytynyt) of a vocational study right needs no funding."""
    document = sample_document(VOCATIONAL_OPEN)
    periods = field(document, ("tila", "opiskeluoikeusjaksot"))
    periods.append({"alku": "2017-01-01", "tila": {"koodiarvo": "valiaikaisestikeskeytynyt", "koodistoUri": "koskiopiskeluoikeudentila"}})

    assert rejected_keys(document) == []


def test_subject_studies_graduate_unverified(rejected_keys):
    """General upper secondary subject studies (lukionaineopinnot) are never verified."""
    document = sample_document("lukioops2019-oppiaineidenoppimaara.json")

    assert "vahvistus" not in field(document, ("suoritukset", 0))
    assert rejected_keys(document) == []


def test_grouping_units_need_no_assessment(rejected_keys, fixed_today):
    """Units that only group assessed studies need no assessment of their own, even in a verified qualification."""
    document = sample_document("ammatillinen-reforminmukainenperustutkinto.json")
    study_right = document["opiskeluoikeudet"][0]
    top = study_right["suoritukset"][0]
    grouping_parts = [part for part in top["osasuoritukset"] if part["koulutusmoduuli"]["tunniste"]["koodistoUri"] == "tutkinnonosatvalinnanmahdollisuus"]
    assert grouping_parts and all("arviointi" not in part for part in grouping_parts)
    top["osasuoritukset"] = [part for part in top["osasuoritukset"] if "arviointi" in part or part in grouping_parts]
    top["vahvistus"] = field(sample_document(VOCATIONAL_GRADUATED), ("suoritukset", 0, "vahvistus"))
    top["vahvistus"]["päivä"] = "2020-05-31"

    assert rejected_keys(document) == []


def test_demonstration_preparation_parts_unassessed(rejected_keys):
    """Parts of training for a competence-based qualification are not assessed, even when it is verified."""
    document = sample_document("ammatillinen-erikoisammattitutkinto.json")
    preparation = field(document, ("suoritukset", 0))

    assert preparation["vahvistus"] and all("arviointi" not in part for part in preparation["osasuoritukset"])
    assert rejected_keys(document) == []


def test_partial_qualification_common_unit_groups(rejected_keys):
    """In a verified partial qualification a common unit with parts needs no assessment, but its parts do."""
    document = sample_document("ammatillinen-tutkinnonosa.json")
    top = field(document, ("suoritukset", 0))
    assessed_area = {
        "koulutusmoduuli": {
            "tunniste": {"koodiarvo": "VVTK", "koodistoUri": "ammatillisenoppiaineet"},
            "pakollinen": True,
            "laajuus": {"arvo": 3, "yksikkö": {"koodiarvo": "6", "koodistoUri": "opintojenlaajuusyksikko"}},
        },
        "arviointi": [{
            "arvosana": {"koodiarvo": "3", "koodistoUri": "arviointiasteikkoammatillinent1k3"},
            "päivä": "2015-01-01",
        }],
        "tyyppi": {"koodiarvo": "ammatillisentutkinnonosanosaalue", "koodistoUri": "suorituksentyyppi"},
    }
    top["osasuoritukset"].append({
        "koulutusmoduuli": {
            "tunniste": {"koodiarvo": "101053", "koodistoUri": "tutkinnonosat"},
            "pakollinen": True,
            "laajuus": {"arvo": 3, "yksikkö": {"koodiarvo": "6", "koodistoUri": "opintojenlaajuusyksikko"}},
        },
        "tutkinnonOsanRyhmä": {"koodiarvo": "2", "koodistoUri": "ammatillisentutkinnonosanryhma"},
        "osasuoritukset": [assessed_area],
        "tyyppi": {"koodiarvo": "ammatillisentutkinnonosa", "koodistoUri": "suorituksentyyppi"},
    })

    assert rejected_keys(document) == []

    del assessed_area["arviointi"]
    document["henkilö"]["hetu"] = sample_document("ammatillinen-tutkinnonosa.json")["henkilö"]["hetu"]

    assert rejected_keys(document) == ["badRequest.validation.tila.keskeneräinenOsasuoritus"]
