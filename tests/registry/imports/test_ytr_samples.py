"""Every YTR sample imports in both shapes; a second run writes nothing; the mapping of exams and schools."""

import pytest

from registry import identity_codes
from registry.models import Achievement, Learner, StudyRight, StudyRightVersion
from tests.registry.imports.conftest import YTR_SAMPLES, run_ytr

pytestmark = pytest.mark.django_db

# 21 per-person files and 10 current bulk records, each a person of its own.
SAMPLE_PERSONS = 31
BOARD = "1.2.246.562.10.43628088406"


def learner_of(code):
    return Learner.objects.get(identity_code_hash__in=identity_codes.lookup_hashes(code))


def matriculation_of(code):
    return StudyRight.objects.get(learner=learner_of(code), type="ylioppilastutkinto")


def exams(document):
    return document["suoritukset"][0]["osasuoritukset"]


def test_every_ytr_sample_imports():
    report = run_ytr(YTR_SAMPLES)

    assert report.skipped == []
    assert report.persons == SAMPLE_PERSONS
    assert report.learners_created == SAMPLE_PERSONS
    assert report.created == SAMPLE_PERSONS
    assert StudyRight.objects.filter(type="ylioppilastutkinto", source_system="ytr").count() == SAMPLE_PERSONS
    assert len(report.notes) == 2


def test_second_ytr_run_writes_no_version():
    run_ytr(YTR_SAMPLES)
    versions = StudyRightVersion.objects.count()

    report = run_ytr(YTR_SAMPLES)

    assert (report.created, report.updated, report.unchanged) == (0, 0, SAMPLE_PERSONS)
    assert StudyRightVersion.objects.count() == versions


def test_per_person_file_name_names_the_person():
    run_ytr(YTR_SAMPLES)

    # oph-koski/020401-368M.json contains the earlier code 280171-2730, which is a person of its own.
    from_file_name = matriculation_of("020401-368M")
    own_file = matriculation_of("280171-2730")
    assert from_file_name.learner != own_file.learner
    assert from_file_name.learner.last_name == "Koulu"
    assert len(exams(from_file_name.document)) == 4


def test_per_person_exam_mapping():
    run_ytr(YTR_SAMPLES)

    document = matriculation_of("210244-374K").document
    qualification = document["suoritukset"][0]
    assert qualification["koulutusmoduuli"]["tunniste"]["koodiarvo"] == "301000"
    assert qualification["vahvistus"]["päivä"] == "2012-06-02"
    assert qualification["vahvistus"]["paikkakunta"]["koodiarvo"] == "091"
    assert qualification["vahvistus"]["myöntäjäOrganisaatio"]["oid"] == BOARD
    assert qualification["toimipiste"]["oid"] == "1.2.246.562.10.70411521654"
    assert document["koulutustoimija"]["oid"] == BOARD
    first = exams(document)[0]
    assert first["tutkintokerta"] == {"koodiarvo": "2012K", "vuosi": 2012, "vuodenaika": {"fi": "kevät", "sv": "vår", "en": "spring"}}
    assert first["arviointi"][0]["arvosana"]["koodistoUri"] == "koskiyoarvosanat"
    assert isinstance(first["arviointi"][0]["pisteet"], int)


def test_older_grades_of_failed_exams():
    run_ytr(YTR_SAMPLES)

    study_right = matriculation_of("080640-881R")
    grades = {exam["arviointi"][0]["arvosana"]["koodiarvo"]: exam["arviointi"][0]["hyväksytty"] for exam in exams(study_right.document)}
    assert {"I+", "I-", "I=", "I", "A"} <= set(grades)
    assert [grades[grade] for grade in ("I+", "I-", "I=", "I", "A")] == [False, False, False, False, True]
    assert Achievement.objects.filter(study_right=study_right, grade="I=", accepted=False).exists()
    periods = [exam["tutkintokerta"]["koodiarvo"] for exam in exams(study_right.document)]
    assert periods == sorted(periods, reverse=True)


def test_unknown_school_oid_kept_as_given():
    run_ytr(YTR_SAMPLES)

    per_person = matriculation_of("010280-952L")
    assert per_person.document["oppilaitos"] == {"oid": "1.2.246.562.24.40675408602"}
    assert per_person.institution is None
    bulk = matriculation_of("300805A756F").document
    schools = [period.get("oppilaitos") for item in bulk["lisätiedot"]["tutkintokokonaisuudet"] for period in item["tutkintokerrat"]]
    assert {"oid": "1.2.246.562.10.96398657237"} in schools


def test_bulk_record_highest_version_wins():
    run_ytr(YTR_SAMPLES)

    document = matriculation_of("140380-336X").document
    # Only 140380-336X_1.json has the graduation and the examination period 2014S.
    assert document["tila"]["opiskeluoikeusjaksot"][0]["alku"] == "2015-11-30"
    assert document["tila"]["opiskeluoikeusjaksot"][0]["tila"]["koodiarvo"] == "valmistunut"
    assert "2014S" in {exam["tutkintokerta"]["koodiarvo"] for exam in exams(document)}


def test_bulk_examinations_in_additional_information():
    run_ytr(YTR_SAMPLES)

    document = matriculation_of("080380-2432").document
    examinations = document["lisätiedot"]["tutkintokokonaisuudet"]
    assert [item["tunniste"] for item in examinations] == [0, 1]
    assert examinations[0]["tila"]["koodiarvo"] == "graduated"
    assert "tila" not in examinations[1]
    assert examinations[0]["suorituskieli"]["koodiarvo"] == "FI"
    assert document["oppilaitos"]["oid"] == BOARD
    assert {exam["tutkintokokonaisuudenTunniste"] for exam in exams(document)} == {0, 1}


def test_bulk_record_without_names_creates_unnamed_learner():
    run_ytr(YTR_SAMPLES)

    assert learner_of("050122A673D").last_name == ""
