"""Qualification structure rules: each rejected example is a real sample with one field changed."""

import datetime

import pytest

from registry.models import QualificationDescription
from registry.services.ingest.rules.descriptions import is_valid_on

from .edits import changed, field, sample_document

pytestmark = pytest.mark.django_db

VOCATIONAL_GRADUATED = "ammatillinen-perustutkinto.json"
VOCATIONAL_OPEN = "tiedonsiirto-onnistunut.json"
UNIT = ("suoritukset", 0, "osasuoritukset", 0)
OTHER_VOCATIONAL = "ammatillinen-muuammatillinenkoulutusvalmis.json"
OTHER_VOCATIONAL_PART = ("suoritukset", 0, "osasuoritukset", 0)


def scope(value, unit):
    return {"arvo": value, "yksikkö": {"koodiarvo": unit, "koodistoUri": "opintojenlaajuusyksikko"}}


REJECTED = [
    # (case, sample, field below the study right, new value, expected key)
    ("unknown diary number", VOCATIONAL_GRADUATED, ("suoritukset", 0, "koulutusmoduuli", "perusteenDiaarinumero"),
     "99/011/2099", "badRequest.validation.rakenne.tuntematonDiaari"),
    ("unknown diary number of general upper secondary", "lukio-uusi.json",
     ("suoritukset", 0, "koulutusmoduuli", "perusteenDiaarinumero"), "98/011/2098",
     "badRequest.validation.rakenne.tuntematonDiaari"),
    ("description not yet in force on the end date", VOCATIONAL_GRADUATED,
     ("suoritukset", 0, "koulutusmoduuli", "perusteenDiaarinumero"), "4000/011/2014",
     "badRequest.validation.rakenne.perusteEiVoimassa"),
    ("description past its transition period today", VOCATIONAL_OPEN,
     ("suoritukset", 0, "koulutusmoduuli", "perusteenDiaarinumero"), "3000/011/2014",
     "badRequest.validation.rakenne.perusteEiVoimassa"),
    ("unit of another qualification", VOCATIONAL_GRADUATED, (*UNIT, "koulutusmoduuli", "tunniste", "koodiarvo"), "100031",
     "badRequest.validation.rakenne.tuntematonTutkinnonOsa"),
    ("competence area of another qualification", VOCATIONAL_GRADUATED,
     ("suoritukset", 0, "osaamisala", 0, "osaamisala", "koodiarvo"), "1000",
     "badRequest.validation.rakenne.tuntematonOsaamisala"),
    ("title of another qualification", VOCATIONAL_GRADUATED, ("suoritukset", 0, "tutkintonimike", 0, "koodiarvo"), "10024",
     "badRequest.validation.rakenne.tuntematonTutkintonimike"),
    ("same unit twice in one group", VOCATIONAL_GRADUATED,
     ("suoritukset", 0, "osasuoritukset", 1, "koulutusmoduuli", "tunniste", "koodiarvo"), "100431",
     "badRequest.validation.rakenne.duplikaattiOsasuoritus"),
    ("parts' scope in another unit than their parent's", OTHER_VOCATIONAL, (*OTHER_VOCATIONAL_PART, "koulutusmoduuli", "laajuus"),
     scope(13, "6"), "badRequest.validation.laajuudet.osasuorituksellaEriLaajuusyksikkö"),
    ("two numeric grade scales", VOCATIONAL_GRADUATED, (*UNIT, "arviointi", 0, "arvosana", "koodistoUri"),
     "arviointiasteikkoammatillinen15", "badRequest.validation.arviointi.useitaArviointiAsteikoita"),
]


@pytest.mark.parametrize(("sample", "path", "value", "key"), [case[1:] for case in REJECTED], ids=[case[0] for case in REJECTED])
def test_structure_rule_rejects(rejected_keys, sample, path, value, key):
    keys = rejected_keys(changed(sample, path, value))

    assert key in keys


def test_listed_diary_number_needs_no_description(rejected_keys):
    """Diary numbers listed in koskikoulutustendiaarinumerot are valid without a loaded description."""
    document = sample_document("perusopetuksenoppiaineenoppimaara-paattotodistus.json")

    assert field(document, ("suoritukset", 0, "koulutusmoduuli", "perusteenDiaarinumero")) == "19/011/2015"
    assert not QualificationDescription.objects.filter(diary_number="19/011/2015").exists()
    assert rejected_keys(document) == []


def test_basic_education_diary_without_description(rejected_keys):
    document = sample_document("perusopetuksenoppimaara-paattotodistus.json")

    assert not QualificationDescription.objects.filter(diary_number="104/011/2014").exists()
    assert rejected_keys(document) == []


def test_description_valid_until_transition_ends(rejected_keys, fixed_today):
    """A description applies until its transition period ends (siirtymaPaattyy), after its own end."""
    description = QualificationDescription.objects.filter(diary_number="3000/011/2014").get()
    assert description.valid_to < description.transition_ends
    fixed_today(description.transition_ends)
    document = changed(VOCATIONAL_OPEN, ("suoritukset", 0, "koulutusmoduuli", "perusteenDiaarinumero"), "3000/011/2014")

    assert rejected_keys(document) == []

    fixed_today(description.transition_ends + datetime.timedelta(days=1))
    document["henkilö"]["hetu"] = sample_document(VOCATIONAL_OPEN)["henkilö"]["hetu"]

    assert rejected_keys(document) == ["badRequest.validation.rakenne.perusteEiVoimassa"]


def test_future_start_is_validity_day(rejected_keys, fixed_today):
    """An open study right that starts in the future needs a description in force on its start."""
    fixed_today(datetime.date(2015, 1, 1))
    document = sample_document(VOCATIONAL_OPEN)

    assert rejected_keys(document) == []


def test_transition_end_overrides_validity_end():
    description = QualificationDescription(
        valid_from=datetime.date(2016, 8, 1), valid_to=datetime.date(2018, 7, 31), transition_ends=datetime.date(2019, 7, 31),
    )

    assert not is_valid_on(description, datetime.date(2016, 7, 31))
    assert is_valid_on(description, datetime.date(2016, 8, 1))
    assert is_valid_on(description, datetime.date(2019, 7, 31))
    assert not is_valid_on(description, datetime.date(2019, 8, 1))


def test_free_choice_and_other_qualification_units_pass(rejected_keys):
    """Units of the free-choice groups (3 and 4) and units that name their own qualification are not in the description."""
    document = sample_document(VOCATIONAL_GRADUATED)
    units = field(document, ("suoritukset", 0, "osasuoritukset"))
    free_choice = [unit for unit in units if unit["tutkinnonOsanRyhmä"]["koodiarvo"] in ("3", "4")]
    free_choice[0]["koulutusmoduuli"]["tunniste"] = {"koodiarvo": "100031", "koodistoUri": "tutkinnonosat"}
    units[2]["tutkinto"] = {
        "tunniste": {"koodiarvo": "351301", "koodistoUri": "koulutus"},
        "perusteenDiaarinumero": "39/011/2014",
    }
    units[2]["koulutusmoduuli"]["tunniste"] = {"koodiarvo": "100031", "koodistoUri": "tutkinnonosat"}

    assert rejected_keys(document) == []


def test_unit_naming_unknown_qualification(rejected_keys):
    document = sample_document(VOCATIONAL_GRADUATED)
    field(document, ("suoritukset", 0, "osasuoritukset", 2))["tutkinto"] = {
        "tunniste": {"koodiarvo": "351301", "koodistoUri": "koulutus"},
        "perusteenDiaarinumero": "97/011/2097",
    }

    assert rejected_keys(document) == ["badRequest.validation.rakenne.tuntematonDiaari"]


def test_naytto_units_follow_naytto_structure(rejected_keys):
    """A competence-based (naytto) qualification's units come from the description's naytto structure."""
    document = sample_document("ammatillinen-oppisopimus.json")

    assert field(document, ("suoritukset", 0, "suoritustapa", "koodiarvo")) == "naytto"
    assert rejected_keys(document) == []


def test_same_unit_in_two_groups_passes(rejected_keys):
    document = sample_document(VOCATIONAL_GRADUATED)
    units = field(document, ("suoritukset", 0, "osasuoritukset"))
    repeated = dict(units[0], tutkinnonOsanRyhmä={"koodiarvo": "3", "koodistoUri": "ammatillisentutkinnonosanryhma"})
    units.append(repeated)

    assert rejected_keys(document) == []


def test_scope_sums_are_not_checked(rejected_keys):
    """A part group's scope in the unit of its parts is accepted whatever the parts add up to."""
    document = changed(OTHER_VOCATIONAL, (*OTHER_VOCATIONAL_PART, "koulutusmoduuli", "laajuus"), scope(1, "2"))

    assert rejected_keys(document) == []
