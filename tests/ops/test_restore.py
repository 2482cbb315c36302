"""verify_restore: a pg_dump -Fc dump restores into a fresh database whose histories and audit chains check out."""

import io
import os
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from registry.models import StudyRight
from tests import documents
from tests.registry.audit.helpers import seal_all, triggers_disabled

pytestmark = pytest.mark.django_db(transaction=True)


def dump_test_database(path):
    settings_dict = connection.settings_dict
    command = ["pg_dump", "-Fc", "--file", str(path), "--dbname", settings_dict["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            command += [option, str(settings_dict[key])]
    environment = {**os.environ, "PGPASSWORD": settings_dict.get("PASSWORD") or ""}
    subprocess.run(command, check=True, env=environment, capture_output=True, timeout=300)
    return path


@pytest.fixture(autouse=True)
def needs_pg_tools():
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.fail("pg_dump and pg_restore are needed: install the PostgreSQL client of the server's major version.")


@pytest.fixture
def stored_learners(committed_reference_data, client, admin_user):
    from tests.conftest import ApiClient

    writer = ApiClient(client).as_user(admin_user, "admin-password")
    for source_id in ("restore-1", "restore-2"):
        assert writer.put("/api/v1/oppija", documents.vocational(source_id=source_id)).status_code == 200
    seal_all()


def restored_databases():
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE 'tor_restore_%%'")
        return {row[0] for row in cursor.fetchall()}


def test_whole_dump_restores_and_verifies(stored_learners, tmp_path):
    dump = dump_test_database(tmp_path / "register.dump")
    databases_before = restored_databases()
    output = io.StringIO()

    with translation.override("en"):
        call_command("verify_restore", str(dump), stdout=output)

    text = output.getvalue()
    assert f"{StudyRight.objects.count()} study rights checked" in text
    assert "The restore is whole." in text
    assert restored_databases() == databases_before


def test_document_differing_from_history_fails(stored_learners, tmp_path):
    study_right = StudyRight.objects.order_by("pk").first()
    # A write that bypassed the services: the document no longer matches its versions.
    StudyRight.objects.filter(pk=study_right.pk).update(document={**study_right.document, "arvioituPäättymispäivä": "2099-01-01"})
    dump = dump_test_database(tmp_path / "register.dump")
    errors = io.StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("verify_restore", str(dump), stdout=io.StringIO(), stderr=errors)

    assert failure.value.returncode == 1
    assert study_right.oid in errors.getvalue()


def test_unreadable_dump_fails_without_leaving_a_database(tmp_path):
    dump = tmp_path / "broken.dump"
    dump.write_bytes(b"PGDMP but not really a dump")
    databases_before = restored_databases()

    with pytest.raises(CommandError) as failure:
        call_command("verify_restore", str(dump), stdout=io.StringIO())

    assert "pg_restore failed" in str(failure.value)
    assert restored_databases() == databases_before


def test_missing_dump_file_is_named(tmp_path):
    with pytest.raises(CommandError) as failure:
        call_command("verify_restore", str(tmp_path / "absent.dump"), stdout=io.StringIO())

    assert "absent.dump is not a file" in str(failure.value)


def test_broken_audit_chain_fails_the_restore(stored_learners, tmp_path):
    from registry.models import AuditEvent

    event = AuditEvent.objects.filter(link__isnull=False).order_by("pk").first()
    with triggers_disabled("registry_auditevent") as cursor:
        cursor.execute("UPDATE registry_auditevent SET action = 'export' WHERE id = %s", [event.pk])
    dump = dump_test_database(tmp_path / "register.dump")
    errors = io.StringIO()

    with translation.override("en"), pytest.raises(CommandError) as failure:
        call_command("verify_restore", str(dump), stdout=io.StringIO(), stderr=errors)

    assert failure.value.returncode == 1
    assert f"Audit chain {event.chain} is broken" in errors.getvalue()
