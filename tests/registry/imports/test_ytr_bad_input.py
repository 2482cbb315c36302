"""Bad YTR input is reported with its file and JSON path, skipped, and the rest still imports."""

import json

import pytest

from registry.models import Learner, StudyRight
from tests.factories import synthetic_identity_code
from tests.registry.imports.conftest import YTR_SAMPLES, run_ytr

pytestmark = pytest.mark.django_db

GOOD = "210244-374K"


def per_person(exam_id="A", grade="B", period="2012K"):
    return json.dumps({
        "certificateSchoolOphOid": "1.2.246.562.10.70411521654",
        "ssn": "010101-123N",
        "lastname": "Ylioppilas",
        "firstnames": "Ynjevi",
        "graduationDate": "2012-06-02",
        "hasCompletedMandatoryExams": True,
        "exams": [{"period": period, "examId": exam_id, "grade": grade, "points": 40}],
    })


def prepare(ytr_folder):
    ytr_folder.copy(YTR_SAMPLES / "oph-koski" / f"{GOOD}.json", f"oph-koski/{GOOD}.json")


def assert_only_good_person_stored():
    assert StudyRight.objects.filter(type="ylioppilastutkinto").count() == 1
    assert Learner.objects.count() == 1


def test_malformed_json_is_skipped(ytr_folder):
    prepare(ytr_folder)
    code = synthetic_identity_code()
    ytr_folder.write(f"oph-koski/{code}.json", per_person()[:-10])

    report = run_ytr(ytr_folder.path)

    [note] = report.skipped
    assert note.location.file == f"oph-koski/{code}.json"
    assert "not valid JSON" in note.message
    assert_only_good_person_stored()


def test_unknown_grade_is_skipped(ytr_folder):
    prepare(ytr_folder)
    code = synthetic_identity_code()
    ytr_folder.write(f"oph-koski/{code}.json", per_person(grade="X"))

    report = run_ytr(ytr_folder.path)

    [note] = report.skipped
    assert (note.location.file, note.location.element) == (f"oph-koski/{code}.json", "exams[0]/grade")
    assert "koskiyoarvosanat" in note.message
    assert_only_good_person_stored()


def test_unknown_exam_code_is_skipped(ytr_folder):
    prepare(ytr_folder)
    code = synthetic_identity_code()
    ytr_folder.write(f"oph-koski/{code}.json", per_person(exam_id="ZZ"))

    report = run_ytr(ytr_folder.path)

    [note] = report.skipped
    assert note.location.element == "exams[0]/examId"
    assert_only_good_person_stored()


def test_malformed_examination_period_is_skipped(ytr_folder):
    prepare(ytr_folder)
    ytr_folder.write(f"oph-koski/{synthetic_identity_code()}.json", per_person(period="2012X"))

    report = run_ytr(ytr_folder.path)

    [note] = report.skipped
    assert note.location.element == "exams[0]/period"
    assert_only_good_person_stored()


def test_invalid_identity_code_is_skipped(ytr_folder):
    prepare(ytr_folder)
    ytr_folder.write("oph-koski/010101-123X.json", per_person())
    bulk = json.loads((YTR_SAMPLES / "oph-registrydata" / "101097-6107.json").read_text())
    bulk["ssn"] = "101097-610X"
    ytr_folder.write("oph-registrydata/bad.json", json.dumps(bulk))

    report = run_ytr(ytr_folder.path)

    assert sorted((note.location.file, note.location.element) for note in report.skipped) == [
        ("oph-koski/010101-123X.json", ""),
        ("oph-registrydata/bad.json", "ssn"),
    ]
    assert all("invalid" in note.message for note in report.skipped)
    assert_only_good_person_stored()


def test_wrong_json_type_is_skipped(ytr_folder):
    prepare(ytr_folder)
    document = json.loads(per_person())
    document["hasCompletedMandatoryExams"] = "yes"
    ytr_folder.write(f"oph-koski/{synthetic_identity_code()}.json", json.dumps(document))

    report = run_ytr(ytr_folder.path)

    [note] = report.skipped
    assert note.location.element == "hasCompletedMandatoryExams"
    assert_only_good_person_stored()
