"""The sensitive fields per study-right type, and finding and removing them in documents."""

import copy
import json

import pytest

from registry.transfer_format import sensitive
from registry.transfer_format.schema.model import schema
from registry.transfer_format.schema.validator import validate_study_right
from registry.transfer_format.structure import SUPPORTED_TYPES
from tests import samples

# Fields the national schema marks sensitive, by the study-right types that have them.
EXPECTED_FIELDS = {
    "ammatillinenkoulutus": {
        "hojks", "vankilaopetuksessa", "vaikeastiVammainen", "vammainenJaAvustaja", "sisäoppilaitosmainenMajoitus",
        "erityinenTuki", "vaativanErityisenTuenErityinenTehtävä", "opiskeluvalmiuksiaTukevatOpinnot",
        "keskiarvoSisältääMukautettujaArvosanoja",
    },
    "perusopetus": {
        "erityisenTuenPäätökset", "pidennettyOppivelvollisuus", "vammainen", "vaikeastiVammainen",
        "sisäoppilaitosmainenMajoitus", "kuljetusetu", "koulukoti", "joustavaPerusopetus", "jääLuokalle",
        "yksilöllistettyOppimäärä",
    },
    "perusopetuksenlisaopetus": {"erityisenTuenPäätökset", "pidennettyOppivelvollisuus", "vammainen", "vaikeastiVammainen"},
    "esiopetus": {"erityisenTuenPäätökset", "pidennettyOppivelvollisuus", "vammainen", "vaikeastiVammainen", "kuljetusetu"},
    "aikuistenperusopetus": {"vammainen", "vaikeastiVammainen", "sisäoppilaitosmainenMajoitus"},
    "lukiokoulutus": {"sisäoppilaitosmainenMajoitus", "alle18vuotiaanAikuistenLukiokoulutuksenAloittamisenSyy"},
    "luva": {"sisäoppilaitosmainenMajoitus"},
}


@pytest.mark.parametrize("study_right_type", sorted(EXPECTED_FIELDS))
def test_type_lists_its_sensitive_fields(study_right_type):
    names = sensitive.sensitive_field_names(study_right_type)

    assert EXPECTED_FIELDS[study_right_type] <= names


def test_vocational_fields_are_not_listed_for_basic_education():
    names = sensitive.sensitive_field_names("perusopetus")

    assert "hojks" not in names
    assert "vankilaopetuksessa" not in names


def test_every_supported_type_has_a_list():
    lists = {study_right_type: sensitive.sensitive_fields(study_right_type) for study_right_type in SUPPORTED_TYPES}

    assert all(lists[study_right_type] for study_right_type in EXPECTED_FIELDS)
    assert lists["ylioppilastutkinto"] == ()


def test_sensitive_field_names_its_class_roles_and_path():
    fields = {(entry.class_name, entry.field): entry for entry in sensitive.sensitive_fields("ammatillinenkoulutus")}

    hojks = fields[("AmmatillisenOpiskeluoikeudenLisätiedot", "hojks")]

    assert hojks.path == "lisätiedot.hojks"
    assert hojks.roles == (sensitive.CONFIDENTIAL_ALL_DATA,)


def test_unknown_type_is_rejected():
    with pytest.raises(ValueError):
        sensitive.sensitive_fields("tuntematon")


def test_sensitive_values_of_vocational_additional_information():
    study_right = samples.load("ammatillinen-lisatiedot.json")["opiskeluoikeudet"][0]

    values = sensitive.sensitive_values(study_right, "ammatillinenkoulutus")

    assert values["lisätiedot.hojks"] == study_right["lisätiedot"]["hojks"]
    assert "lisätiedot.vankilaopetuksessa" in values
    assert "lisätiedot.ulkomaanjaksot" not in values


def test_strip_removes_fields_and_keeps_the_original():
    study_right = samples.load("esiopetusvalmis.json")["opiskeluoikeudet"][0]
    original = copy.deepcopy(study_right)

    stripped = sensitive.strip_sensitive(study_right, "esiopetus")

    assert study_right == original
    assert "erityisenTuenPäätökset" not in stripped["lisätiedot"]
    assert "pidennettyOppivelvollisuus" not in stripped["lisätiedot"]
    assert sensitive.find_sensitive(stripped, "esiopetus") == []
    assert "osaAikainenErityisopetus" not in stripped["suoritukset"][0]
    assert stripped["tila"] is study_right["tila"]


def test_strip_keeps_fields_a_role_may_read():
    study_right = samples.load("ammatillinen-tutkinnonosa.json")["opiskeluoikeudet"][0]

    stripped = sensitive.strip_sensitive(study_right, "ammatillinenkoulutus", roles=("SUORITUSJAKO_KATSELIJA",))

    assert "keskiarvoSisältääMukautettujaArvosanoja" in stripped["suoritukset"][0]
    assert "hojks" not in json.dumps(stripped, ensure_ascii=False)


def test_strip_returns_document_without_sensitive_data_unchanged():
    study_right = samples.load("tiedonsiirto-onnistunut.json")["opiskeluoikeudet"][0]

    assert sensitive.strip_sensitive(study_right, "ammatillinenkoulutus") is study_right


def test_adjusted_assessment_information_is_sensitive():
    study_right = samples.load("ammatillinen-perustutkinto.json")["opiskeluoikeudet"][0]
    parts = study_right["suoritukset"][0]["osasuoritukset"]
    adjusted = [index for index, part in enumerate(parts) if any(
        entry["tunniste"]["koodiarvo"] == "mukautettu" for entry in part.get("lisätiedot", [])
    )]

    stripped = sensitive.strip_sensitive(study_right, "ammatillinenkoulutus")

    assert adjusted
    for index in adjusted:
        remaining = stripped["suoritukset"][0]["osasuoritukset"][index].get("lisätiedot", [])
        assert all(entry["tunniste"]["koodiarvo"] != "mukautettu" for entry in remaining)


def test_subject_area_achievement_is_sensitive():
    study_right = samples.load("perusopetuksenoppimaara-paattotodistus.json")["opiskeluoikeudet"][0]
    grade = next(achievement for achievement in study_right["suoritukset"] if achievement.get("osasuoritukset"))
    area = {
        "koulutusmoduuli": {"tunniste": {"koodiarvo": "1", "koodistoUri": "perusopetuksentoimintaalue"}},
        "arviointi": [{"arvosana": {"koodiarvo": "S", "koodistoUri": "arviointiasteikkoyleissivistava"}}],
        "tyyppi": {"koodiarvo": "perusopetuksentoimintaalue", "koodistoUri": "suorituksentyyppi"},
    }
    grade["osasuoritukset"].append(area)

    stripped = sensitive.strip_sensitive(study_right, "perusopetus")

    position = study_right["suoritukset"].index(grade)
    assert area not in stripped["suoritukset"][position]["osasuoritukset"]
    assert len(stripped["suoritukset"][position]["osasuoritukset"]) == len(grade["osasuoritukset"]) - 1


class RecordingWalk(sensitive.SensitiveWalk):
    """A SensitiveWalk that records each object of a class with sensitive data that it reaches, read as that class."""

    def __init__(self, study_right_type):
        super().__init__(study_right_type)
        self.checked = []

    def add_found(self, value, spec, value_path, containers):
        if sensitive.is_checked_class(spec):
            self.checked.append((value_path, spec.name, id(value), tuple(id(container) for container in containers)))
        super().add_found(value, spec, value_path, containers)


@pytest.mark.parametrize("name", samples.supported_sample_names())
def test_walk_checks_the_objects_the_structure_check_reads(name):
    for study_right in samples.load(name).get("opiskeluoikeudet") or []:
        study_right_type = study_right["tyyppi"]["koodiarvo"]
        full_walk = []

        def visit(value, spec, path, containers):
            if sensitive.is_checked_class(spec):
                full_walk.append((path, spec.name, id(value), tuple(id(container) for container in containers)))

        validate_study_right(study_right, study_right_type, "", visit=visit)
        walk = RecordingWalk(study_right_type)
        walk.walk_object(study_right, schema().study_right_class(study_right_type), "", None, [])

        assert walk.checked == full_walk
