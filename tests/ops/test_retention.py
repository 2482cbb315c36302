"""apply_retention: what each period removes, what it reports, and that no study right's history is touched."""

import datetime
import io
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone, translation

from authorities.models import Dataset, DatasetFormat, DatasetStatus
from registry.models import AuditEvent, ShareLink, StudyRight, StudyRightVersion, TransferAttempt
from tests import documents
from tests.authorities.disclosure import make_agreement
from tests.factories import LearnerFactory
from tests.registry.audit.helpers import make_event, seal_all
from tor.ops import retention
from tor.ops.consistency import check_study_right_histories

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture(autouse=True)
def retention_periods(settings):
    settings.TOR_RETENTION_FAILED_TRANSFER_DAYS = 90
    settings.TOR_RETENTION_SHARE_LINK_DAYS = 30
    # The audit trail's retention runs outside a transaction only: the transactional test below sets it.
    settings.TOR_AUDIT_RETENTION_DAYS = None


@pytest.fixture
def writer(api, admin_user):
    return api.as_user(admin_user, "admin-password")


def failed_transfer(writer, source_id, days_old):
    document = documents.vocational(source_id=source_id)
    documents.study_right(document)["tila"]["opiskeluoikeusjaksot"][0]["tila"]["koodiarvo"] = "opiskelee"
    assert writer.put("/api/v1/oppija", document).status_code == 400
    attempt = TransferAttempt.objects.get(succeeded=False, document_ciphertext__gt="", updated_at__gt=days_ago(1))
    TransferAttempt.objects.filter(pk=attempt.pk).update(updated_at=days_ago(days_old))
    return attempt


def share_link(learner, secret_hash, *, expires_on, revoked_at=None):
    return ShareLink.objects.create(
        learner=learner, secret_hash=secret_hash, selection="all", expires_on=expires_on, revoked_at=revoked_at,
    )


def test_old_failed_transfer_keeps_only_errors(writer):
    old = failed_transfer(writer, "old", days_old=120)
    recent = failed_transfer(writer, "recent", days_old=10)

    run = retention.apply_retention()

    assert run.removed[retention.FAILED_TRANSFER_DOCUMENTS] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.document_ciphertext == ""
    assert [error["key"] for error in old.errors] == ["badRequest.validation.koodisto.tuntematonKoodi"]
    assert recent.document_ciphertext != ""


def test_share_links_go_after_period():
    learner = LearnerFactory()
    today = timezone.localdate()
    expired_long_ago = share_link(learner, "a" * 64, expires_on=today - datetime.timedelta(days=40))
    revoked_long_ago = share_link(learner, "b" * 64, expires_on=today + datetime.timedelta(days=100), revoked_at=days_ago(31))
    expired_lately = share_link(learner, "c" * 64, expires_on=today - datetime.timedelta(days=5))
    active = share_link(learner, "d" * 64, expires_on=today + datetime.timedelta(days=10))

    run = retention.apply_retention()

    assert run.removed[retention.SHARE_LINKS] == 2
    remaining = set(ShareLink.objects.values_list("pk", flat=True))
    assert remaining == {expired_lately.pk, active.pk}
    assert not {expired_long_ago.pk, revoked_long_ago.pk} & remaining


def test_expired_sessions_are_removed():
    Session.objects.create(session_key="expired-session", session_data="", expire_date=days_ago(1))
    Session.objects.create(session_key="live-session", session_data="", expire_date=timezone.now() + datetime.timedelta(hours=1))

    run = retention.apply_retention()

    assert run.removed[retention.SESSIONS] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live-session"]


def test_expired_dataset_files_are_deleted(settings, tmp_path):
    settings.TOR_DATASET_ROOT = tmp_path
    agreement = make_agreement("kela")
    expired_file, live_file = Path(tmp_path / "expired.jsonl"), Path(tmp_path / "live.jsonl")
    expired_file.write_text("{}\n")
    live_file.write_text("{}\n")
    Dataset.objects.create(agreement=agreement, format=DatasetFormat.JSON_LINES, status=DatasetStatus.COMPLETED,
                           file_name="expired.jsonl", expires_at=days_ago(1))
    Dataset.objects.create(agreement=agreement, format=DatasetFormat.JSON_LINES, status=DatasetStatus.COMPLETED,
                           file_name="live.jsonl", expires_at=timezone.now() + datetime.timedelta(hours=5))

    run = retention.apply_retention()

    assert run.removed[retention.DATASET_FILES] == 1
    assert not expired_file.exists()
    assert live_file.exists()


def test_periods_left_empty_are_reported_as_skipped(settings):
    settings.TOR_RETENTION_SHARE_LINK_DAYS = None
    learner = LearnerFactory()
    share_link(learner, "e" * 64, expires_on=timezone.localdate() - datetime.timedelta(days=400))

    run = retention.apply_retention()

    assert run.skipped == [retention.SHARE_LINKS, retention.AUDIT_EVENTS]
    assert ShareLink.objects.count() == 1


def test_command_reports_what_it_removed():
    Session.objects.create(session_key="expired-1", session_data="", expire_date=days_ago(1))
    Session.objects.create(session_key="expired-2", session_data="", expire_date=days_ago(2))
    output = io.StringIO()

    with translation.override("en"):
        call_command("apply_retention", stdout=output)

    lines = output.getvalue().splitlines()
    assert any(line.split()[0] == "2" and "sessions" in line for line in lines)
    assert lines[-1] == "Items removed in total: 2."


def test_daily_task_is_scheduled_and_runs(settings):
    from tor.ops.tasks import apply_retention

    Session.objects.create(session_key="expired-3", session_data="", expire_date=days_ago(1))

    assert settings.CELERY_BEAT_SCHEDULE["apply-retention"]["task"] == apply_retention.name
    assert apply_retention.apply().get()[retention.SESSIONS] == 1


@pytest.mark.django_db(transaction=True)
def test_retention_never_removes_study_right_history(settings, committed_reference_data, client, admin_user):
    from tests.conftest import ApiClient

    settings.TOR_AUDIT_RETENTION_DAYS = 1
    settings.TOR_RETENTION_FAILED_TRANSFER_DAYS = 1
    writer = ApiClient(client).as_user(admin_user, "admin-password")
    document = documents.vocational()
    assert writer.put("/api/v1/oppija", document).status_code == 200
    study_right = StudyRight.objects.get()
    document["opiskeluoikeudet"][0]["oid"] = study_right.oid
    document["opiskeluoikeudet"][0]["lisätiedot"] = {"osaAikaisuusjaksot": []}
    assert writer.put("/api/v1/oppija", document).status_code == 200
    # Everything in the register is made old: the versions, the transfer log and the audit trail.
    StudyRightVersion.objects.update(created_at=days_ago(400))
    StudyRight.objects.update(updated_at=days_ago(400))
    TransferAttempt.objects.update(updated_at=days_ago(400))
    make_event(days_ago(400), chain=f"{days_ago(400):%Y-%m}")
    seal_all()
    versions_before = list(StudyRightVersion.objects.order_by("pk").values())
    assert [version["version"] for version in versions_before] == [1, 2]
    study_rights_before = list(StudyRight.objects.values())

    run = retention.apply_retention()

    assert run.removed[retention.AUDIT_EVENTS] >= 1
    assert list(StudyRightVersion.objects.order_by("pk").values()) == versions_before
    assert list(StudyRight.objects.values()) == study_rights_before
    assert check_study_right_histories().passed
    assert AuditEvent.objects.filter(occurred_at__lt=days_ago(300)).count() == 0
