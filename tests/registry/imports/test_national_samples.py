"""Every supported sample moves over from the national service with its OIDs, versions and time stamps."""

import pytest
from django.core.management import call_command

from registry.models import Learner, StudyRight, StudyRightVersion
from registry.services.imports.national.store import CREATED, UNCHANGED
from tests import samples

from tests.registry.imports.national_export import TIMESTAMPS, NationalExport, run_national

pytestmark = pytest.mark.django_db


@pytest.fixture
def export(tmp_path):
    export = NationalExport(tmp_path / "export")
    for name in samples.supported_sample_names():
        export.add_sample(name)
    return export


def test_every_supported_sample_imports_and_reads_back_at_every_version(api, admin_user, export):
    report = run_national(export.path)

    assert report.skipped_files == []
    assert {item.oid: item.outcome for item in report.study_rights} == {oid: CREATED for oid in export.versions}
    api.as_user(admin_user, "admin-password")
    for oid, documents in export.versions.items():
        for number, document in enumerate(documents, start=1):
            response = api.get(f"/api/v1/opiskeluoikeus/historia/{oid}/{number}")

            assert response.status_code == 200, response.content.decode()
            assert response.json() == {"oid": oid, "versionumero": number, "aikaleima": TIMESTAMPS[number - 1], **document}


def test_imported_learners_read_back_as_exported(api, admin_user, export):
    run_national(export.path)

    api.as_user(admin_user, "admin-password")
    for learner_oid, exported in export.learners.items():
        response = api.get(f"/api/v1/oppija/{learner_oid}")

        assert response.status_code == 200, response.content.decode()
        returned = {study_right["oid"]: study_right for study_right in response.json()["opiskeluoikeudet"]}
        assert returned == {study_right["oid"]: study_right for study_right in exported["opiskeluoikeudet"]}


def test_second_run_writes_nothing(export):
    run_national(export.path)
    versions = StudyRightVersion.objects.count()

    report = run_national(export.path)

    assert {item.outcome for item in report.study_rights} == {UNCHANGED}
    assert StudyRightVersion.objects.count() == versions
    assert report.learners_created == 0


def test_command_reports_each_study_right(export, capsys):
    call_command("import_national", str(export.path))

    output = capsys.readouterr().out
    assert all(oid in output for oid in export.versions)
    assert StudyRight.objects.filter(oid__in=export.versions, version=3).count() == len(export.versions)
    assert Learner.objects.filter(oid__in=export.learners).count() == len(export.learners)
