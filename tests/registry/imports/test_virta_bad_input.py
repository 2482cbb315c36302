"""Bad VIRTA input is reported with its file and element, skipped whole, and the rest still imports."""

import pytest

from registry.models import Learner, StudyRight
from tests.factories import synthetic_identity_code
from tests.registry.imports import virta_xml as xml
from tests.registry.imports.conftest import run_virta

pytestmark = pytest.mark.django_db


def write_good_person(virta_folder):
    code = synthetic_identity_code()
    virta_folder.write("good.xml", xml.response(xml.student(xml.study_rights(xml.study_right("GOOD")), identity_code=code)))
    return code


def assert_only_good_person_stored():
    assert list(StudyRight.objects.values_list("source_id", flat=True)) == ["GOOD"]
    assert Learner.objects.count() == 1


def test_malformed_xml_is_skipped(virta_folder):
    write_good_person(virta_folder)
    virta_folder.write("broken.xml", xml.response(xml.student(identity_code=synthetic_identity_code()))[:-40])

    report = run_virta(virta_folder.path)

    [note] = report.skipped
    assert note.location.file == "broken.xml"
    assert "not well-formed XML" in note.message
    assert_only_good_person_stored()


def test_xml_with_entities_is_refused(virta_folder):
    write_good_person(virta_folder)
    virta_folder.write("entities.xml", '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>')

    report = run_virta(virta_folder.path)

    [note] = report.skipped
    assert note.location.file == "entities.xml"
    assert_only_good_person_stored()


def test_unknown_institution_number_skips_the_person(virta_folder):
    write_good_person(virta_folder)
    virta_folder.write("bad.xml", xml.response(xml.student(
        xml.study_rights(xml.study_right("SR1")),
        xml.course_units(xml.course_unit("U1", study_right_key="SR1", institution="99999")),
        identity_code=synthetic_identity_code(),
    )))

    report = run_virta(virta_folder.path)

    [note] = report.skipped
    assert note.location.file == "bad.xml"
    assert note.location.element == 'Opiskelija[@avain="s1"]/Opintosuoritus[@avain="U1"]/Myontaja'
    assert "99999" in note.message
    assert_only_good_person_stored()


def test_unknown_grade_skips_the_person(virta_folder):
    write_good_person(virta_folder)
    virta_folder.write("bad.xml", xml.response(xml.student(
        xml.study_rights(xml.study_right("SR1")),
        xml.course_units(xml.course_unit("U1", study_right_key="SR1", grade="<virta:Viisiportainen>7</virta:Viisiportainen>")),
        identity_code=synthetic_identity_code(),
    )))

    report = run_virta(virta_folder.path)

    [note] = report.skipped
    assert note.location.element.endswith('Opintosuoritus[@avain="U1"]/Arvosana')
    assert "virtaarvosana" in note.message
    assert_only_good_person_stored()


def test_unknown_state_code_skips_the_person(virta_folder):
    write_good_person(virta_folder)
    virta_folder.write("bad.xml", xml.response(xml.student(
        xml.study_rights(xml.study_right("SR1", states=(("2015-08-01", "9"),))),
        identity_code=synthetic_identity_code(),
    )))

    report = run_virta(virta_folder.path)

    [note] = report.skipped
    assert note.location.element == 'Opiskelija[@avain="s1"]/Opiskeluoikeus[@avain="SR1"]/Tila[1]/Koodi'
    assert_only_good_person_stored()


def test_invalid_identity_code_skips_the_record(virta_folder):
    write_good_person(virta_folder)
    virta_folder.write("bad.xml", xml.response(xml.student(xml.study_rights(xml.study_right("SR1")), identity_code="010190-447X")))

    report = run_virta(virta_folder.path)

    [note] = report.skipped
    assert (note.location.file, note.location.element) == ("bad.xml", 'Opiskelija[@avain="s1"]/Henkilotunnus')
    assert "invalid" in note.message
    assert "010190-447X" not in str(note)
    assert_only_good_person_stored()


def test_bad_file_skips_whole_person(virta_folder):
    code = synthetic_identity_code()
    virta_folder.write("a.xml", xml.response(xml.student(xml.study_rights(xml.study_right("SR1")), identity_code=code)))
    virta_folder.write("b.xml", xml.response(xml.student(
        xml.study_rights(xml.study_right("SR2", states=(("not a date", "1"),))), identity_code=code,
    )))

    report = run_virta(virta_folder.path)

    [note] = report.skipped
    assert note.location.file == "b.xml"
    assert StudyRight.objects.count() == 0
    assert Learner.objects.count() == 0
