"""The import from the national service: the chain check, later versions, learners without codes and bad input."""

import json

import pytest
from django.core.management import call_command

from registry.models import Learner, StudyRight, StudyRightVersion
from registry.services.imports.national.store import CREATED, EXTENDED, SKIPPED
from tests.registry.imports.national_export import NationalExport, history_lines, run_national

pytestmark = pytest.mark.django_db

SAMPLE = "ammatillinen-perustutkinto.json"


@pytest.fixture
def export(tmp_path):
    return NationalExport(tmp_path / "export")


def only_study_right(document):
    return document["opiskeluoikeudet"][0]


def outcome(report):
    [item] = report.study_rights
    return item


def test_history_gap_skips_study_right(export):
    document = export.add_sample(SAMPLE)
    oid = only_study_right(document)["oid"]
    lines = history_lines(export.versions[oid])
    export.write_history(oid, [lines[0], lines[2]])

    report = run_national(export.path)

    assert outcome(report).outcome == SKIPPED
    assert "not consecutive" in outcome(report).message
    assert not StudyRight.objects.filter(oid=oid).exists()


def test_history_mismatch_skips_study_right(export):
    document = export.add_sample(SAMPLE)
    only_study_right(document)["arvioituPäättymispäivä"] = "2031-01-01"
    export.write(SAMPLE, document)

    report = run_national(export.path)

    assert outcome(report).outcome == SKIPPED
    assert "does not rebuild" in outcome(report).message
    assert StudyRightVersion.objects.filter(study_right__oid=only_study_right(document)["oid"]).count() == 0


def test_last_version_with_another_time_stamp_is_skipped(export):
    document = export.add_sample(SAMPLE)
    only_study_right(document)["aikaleima"] = "2024-06-01T12:00:01"
    export.write(SAMPLE, document)

    assert outcome(run_national(export.path)).outcome == SKIPPED


def test_patch_that_does_not_apply_is_skipped(export):
    document = export.add_sample(SAMPLE)
    oid = only_study_right(document)["oid"]
    lines = history_lines(export.versions[oid])
    broken = json.loads(lines[1])
    broken["muutos"] = [{"op": "remove", "path": "/eiOle"}]
    export.write_history(oid, [lines[0], json.dumps(broken), lines[2]])

    assert "does not apply" in outcome(run_national(export.path)).message


def test_unreadable_file_skipped_others_imported(export):
    export.add_sample(SAMPLE)
    (export.path / "broken.json").write_text("{not json", encoding="utf-8")

    report = run_national(export.path)

    assert len(report.skipped_files) == 1
    assert outcome(report).outcome == CREATED


def test_later_export_adds_the_new_versions(export):
    document = export.add_sample(SAMPLE)
    oid = only_study_right(document)["oid"]
    run_national(export.path)
    fourth = {**export.versions[oid][-1], "arvioituPäättymispäivä": "2031-05-31"}
    export.versions[oid].append(fourth)
    export.write_history(oid, history_lines(export.versions[oid], (
        "2019-08-01T09:15:00", "2021-03-15T14:05:33.123456", "2024-06-01T12:00:00", "2025-01-02T03:04:05",
    )))
    only_study_right(document).update({"versionumero": 4, "aikaleima": "2025-01-02T03:04:05", "arvioituPäättymispäivä": "2031-05-31"})
    export.write(SAMPLE, document)

    report = run_national(export.path)

    assert (outcome(report).outcome, outcome(report).first_version, outcome(report).last_version) == (EXTENDED, 4, 4)
    study_right = StudyRight.objects.get(oid=oid)
    assert study_right.version == 4
    assert study_right.imported_timestamp == "2025-01-02T03:04:05"


def test_study_right_without_history_keeps_its_version_number(api, admin_user, export):
    document = export.add_sample(SAMPLE, with_history=False)
    study_right = only_study_right(document)
    study_right["versionumero"] = 7
    export.write(SAMPLE, document)

    run_national(export.path)
    api.as_user(admin_user, "admin-password")
    current = api.get(f"/api/v1/opiskeluoikeus/{study_right['oid']}")
    earlier = api.get(f"/api/v1/opiskeluoikeus/historia/{study_right['oid']}/6")
    history = api.get(f"/api/v1/opiskeluoikeus/historia/{study_right['oid']}")

    assert current.json() == study_right
    assert earlier.status_code == 404
    assert [error["key"] for error in earlier.json()] == ["notFound.versiotaEiTallessa"]
    assert history.json()[0]["puuttuvatVersiot"] == {"alku": 1, "loppu": 6}


def test_learner_without_code_created(export):
    document = export.add_sample(SAMPLE)
    person = document["henkilö"]
    del person["hetu"]
    person["syntymäaika"] = "2001-04-05"
    export.write(SAMPLE, document)

    report = run_national(export.path)

    learner = Learner.objects.get(oid=person["oid"])
    assert report.learners_created == 1
    assert learner.identity_code_hash is None
    assert (learner.last_name, learner.birth_date.isoformat()) == (person["sukunimi"], "2001-04-05")


def test_missing_folder_stops_the_command(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("import_national", str(tmp_path / "no-such-folder"))


@pytest.mark.parametrize("field, value", [("tila", "broken"), ("suoritukset", 5), ("oppilaitos", ["x"]), ("alkamispäivä", "not-a-date")])
def test_study_right_of_unreadable_shape_is_skipped(export, field, value):
    document = export.add_sample(SAMPLE, with_history=False)
    only_study_right(document)[field] = value
    export.write(SAMPLE, document)

    report = run_national(export.path)

    assert outcome(report).outcome == SKIPPED
    assert not StudyRight.objects.filter(oid=only_study_right(document)["oid"]).exists()


def test_wrong_type_person_details_dropped(export):
    document = export.add_sample(SAMPLE)
    document["henkilö"].update({"kansalaisuus": 5, "etunimet": ["x"]})
    export.write(SAMPLE, document)

    report = run_national(export.path)

    assert outcome(report).outcome == CREATED
    learner = Learner.objects.get(oid=document["henkilö"]["oid"])
    assert (learner.nationalities, learner.first_names) == ([], "")
