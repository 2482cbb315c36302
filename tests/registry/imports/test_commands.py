"""The import commands: summary output, skipped records listed with exit 0, and a non-zero exit when they cannot run."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.registry.imports.conftest import VIRTA_SAMPLES, YTR_SAMPLES

pytestmark = pytest.mark.django_db


def run(*arguments):
    output = StringIO()
    call_command(*arguments, stdout=output)
    return output.getvalue()


def test_import_virta_prints_summary():
    output = run("import_virta", str(VIRTA_SAMPLES))

    assert "persons 14/14" in output
    assert "15 files or records read, 14 persons: 14 learners created" in output
    assert "study rights: 43 created, 0 updated, 0 unchanged" in output


def test_import_ytr_rerun_prints_unchanged():
    run("import_ytr", str(YTR_SAMPLES))

    output = run("import_ytr", str(YTR_SAMPLES))

    assert "study rights: 0 created, 0 updated, 31 unchanged" in output
    assert "modifiedSince lists 2 identity codes" in output


def test_skipped_record_listed_with_exit_zero(ytr_folder):
    ytr_folder.write("oph-koski/010101-123N.json", "{not json")

    output = run("import_ytr", str(ytr_folder.path))

    assert "1 records skipped" in output
    assert "oph-koski/010101-123N.json: the file is not valid JSON" in output


@pytest.mark.parametrize("arguments", [
    ("import_virta", "/nonexistent/opintotiedot"),
    ("import_ytr", "/nonexistent/ytr"),
    ("import_virta", "endpoint"),
    ("import_ytr", "endpoint"),
])
def test_command_that_cannot_run_fails(arguments):
    with pytest.raises(CommandError):
        run(*arguments)
