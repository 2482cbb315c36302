"""Every VIRTA sample imports; a second run writes nothing; the two files of study right 30759 merge."""

import pytest

from registry.models import Learner, StudyRight, StudyRightVersion
from tests.registry.imports.conftest import VIRTA_SAMPLES, run_virta

pytestmark = pytest.mark.django_db

# 15 files about 14 persons: two files hold the same person (identity code and learner OID).
SAMPLE_FILES = 15
SAMPLE_PERSONS = 14
SAMPLE_STUDY_RIGHTS = 43
MERGED_LEARNER_OID = "1.2.246.562.24.57060795845"


def test_every_virta_sample_imports():
    report = run_virta(VIRTA_SAMPLES)

    assert report.skipped == []
    assert report.files == SAMPLE_FILES
    assert report.persons == SAMPLE_PERSONS
    assert report.learners_created == SAMPLE_PERSONS
    assert report.created == SAMPLE_STUDY_RIGHTS
    assert StudyRight.objects.filter(type="korkeakoulutus").count() == SAMPLE_STUDY_RIGHTS
    assert Learner.objects.filter(study_rights__type="korkeakoulutus").distinct().count() == SAMPLE_PERSONS


def test_second_virta_run_writes_no_version():
    run_virta(VIRTA_SAMPLES)
    versions = StudyRightVersion.objects.count()

    report = run_virta(VIRTA_SAMPLES)

    assert report.created == 0
    assert report.updated == 0
    assert report.unchanged == SAMPLE_STUDY_RIGHTS
    assert report.learners_created == 0
    assert StudyRightVersion.objects.count() == versions


def test_imported_versions_have_import_source():
    run_virta(VIRTA_SAMPLES)

    assert set(StudyRightVersion.objects.values_list("source", flat=True)) == {"import"}


def test_files_of_one_person_merge_later_file_winning():
    run_virta(VIRTA_SAMPLES)

    study_right = StudyRight.objects.get(source_id="30759")
    assert study_right.learner.oid == MERGED_LEARNER_OID
    assert StudyRight.objects.filter(learner=study_right.learner).count() == 1
    # Only 270191-4208.xml, the later file in name order, has the tuition fees and the programme's names.
    fees = study_right.document["lisätiedot"]["maksettavatLukuvuosimaksut"]
    assert [fee["summa"] for fee in fees] == [4000, 5000]
    assert study_right.document["tila"]["opiskeluoikeusjaksot"][0]["nimi"]["fi"] == "Pelialan tutkinto-ohjelma"


def test_earlier_file_loses_when_order_flips(virta_folder):
    virta_folder.copy(VIRTA_SAMPLES / "270191-4208.xml", "a-270191-4208.xml")
    virta_folder.copy(VIRTA_SAMPLES / "1.2.246.562.24.57060795845.xml", "b-oid.xml")

    report = run_virta(virta_folder.path)

    study_right = StudyRight.objects.get(source_id="30759")
    assert report.persons == 1
    assert study_right.document["lisätiedot"]["maksettavatLukuvuosimaksut"] == []
    assert "nimi" not in study_right.document["tila"]["opiskeluoikeusjaksot"][0]


def test_study_right_columns_follow_virta():
    run_virta(VIRTA_SAMPLES)

    study_right = StudyRight.objects.get(source_id="30759")
    assert study_right.source_system == "virta"
    assert str(study_right.start_date) == "2015-08-20"
    assert str(study_right.end_date) == "2020-07-31"
    assert study_right.state == "1"
    assert study_right.version == 1
