"""Rotation of the identity-code keys: move every stored ciphertext and lookup hash to the first key.

TOR_IDENTITY_CODE_KEYS lists the keys newest first. After a new key is put first, the rows still
contain ciphertexts and hashes of the older keys. They stay readable and findable, because every
key decrypts and lookups try the hash of every key, until this rotation has rewritten them all.

The rotation reads each table in primary-key order, in batches of its own transactions, and
locks a batch's rows while it rewrites them. A row already under the first key is left
unchanged, so a run that was interrupted can start again from the beginning.
"""

import logging
from dataclasses import dataclass, field

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .. import identity_codes
from ..models import Learner, TransferAttempt
from .transfers import IDENTITY_CODE_KEY_PREFIX

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 500


@dataclass
class RowProblem:
    """A row that the rotation could not move to the first key, and why. It never contains an identity code."""

    model: type
    row_id: int
    reason: str


@dataclass
class TableReport:
    """Counts of one model's rows: `changed` rows were (or, in a dry run, would be) rewritten."""

    model: type
    total: int = 0
    checked: int = 0
    changed: int = 0
    reencrypted: int = 0
    rehashed: int = 0
    merged: int = 0
    problems: list = field(default_factory=list)


@dataclass
class RotationReport:
    learners: TableReport
    transfer_attempts: TableReport
    dry_run: bool = False

    @property
    def tables(self):
        return [self.learners, self.transfer_attempts]

    @property
    def problems(self):
        return [problem for table in self.tables for problem in table.problems]

    @property
    def changed(self):
        return sum(table.changed for table in self.tables)


@dataclass
class _RowChange:
    row: object
    values: dict
    reencrypted: int
    rehashed: bool


def rotate_identity_code_keys(*, batch_size=DEFAULT_BATCH_SIZE, dry_run=False, progress=None):
    """Re-encrypt every identity-code ciphertext and recompute every lookup hash under the first key.

    Covers Learner's encrypted code and hash, and TransferAttempt's encrypted code, encrypted
    document and the `hetu:` learner keys. `progress(table_report)` is called after each batch.
    With `dry_run` nothing is written and the report counts what would change. Returns a
    RotationReport; rows that could not be moved are listed in its problems and left as they were.
    """
    identity_codes.check_keys(settings.TOR_IDENTITY_CODE_KEYS)
    if batch_size < 1:
        raise ValueError(f"The batch size must be at least 1, not {batch_size}.")

    report = RotationReport(
        learners=TableReport(Learner), transfer_attempts=TableReport(TransferAttempt), dry_run=dry_run,
    )
    _rotate_table(
        report.learners, _learner_rows(), _learner_change, _save_learner,
        batch_size=batch_size, dry_run=dry_run, progress=progress,
    )
    _rotate_table(
        report.transfer_attempts, _transfer_attempt_rows(), _transfer_attempt_change, _save_transfer_attempt,
        batch_size=batch_size, dry_run=dry_run, progress=progress,
    )

    logger.info(
        "identity_code_keys_rotated dry_run=%s keys=%s learners_changed=%s transfer_attempts_changed=%s "
        "transfer_attempts_merged=%s problems=%s",
        dry_run, len(settings.TOR_IDENTITY_CODE_KEYS), report.learners.changed,
        report.transfer_attempts.changed, report.transfer_attempts.merged, len(report.problems),
    )
    return report


def _learner_rows():
    rows = Learner.objects.filter(~Q(identity_code_ciphertext="") | Q(identity_code_hash__isnull=False))
    return rows.only("pk", "oid", "identity_code_ciphertext", "identity_code_hash")


def _transfer_attempt_rows():
    rows = TransferAttempt.objects.filter(
        ~Q(identity_code_ciphertext="") | ~Q(document_ciphertext="")
        | Q(learner_key__startswith=IDENTITY_CODE_KEY_PREFIX)
    )
    return rows.only(
        "pk", "organisation_key", "learner_key", "identity_code_ciphertext", "document_ciphertext", "attempts",
        "updated_at",
    )


def _rotate_table(table_report, rows, change_of, save_one, *, batch_size, dry_run, progress):
    """Walk `rows` in primary-key order, one transaction per batch, and write each row's change."""
    table_report.total = rows.count()
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = rows.filter(pk__gt=last_pk).order_by("pk")
            if not dry_run:
                batch = batch.select_for_update()
            batch = list(batch[:batch_size])
            if not batch:
                return
            last_pk = batch[-1].pk

            changes = []
            for row in batch:
                table_report.checked += 1
                change = change_of(row, table_report)
                if change is not None:
                    changes.append(change)
            if dry_run:
                for change in changes:
                    _count(table_report, change)
            else:
                _write(table_report, rows.model, changes, save_one)
        if progress is not None:
            progress(table_report)


def _write(table_report, model, changes, save_one):
    """Write a batch's changes in one statement, or row by row when a new hash is taken by another row."""
    if not changes:
        return
    fields = sorted({name for change in changes for name in change.values})
    for change in changes:
        for name, value in change.values.items():
            setattr(change.row, name, value)
    try:
        with transaction.atomic():
            model.objects.bulk_update([change.row for change in changes], fields)
    except IntegrityError:
        for change in changes:
            try:
                with transaction.atomic():
                    save_one(table_report, change)
            except IntegrityError:
                _report_problem(
                    table_report, change.row.pk, _("the row changed during the rotation; run the rotation again"),
                )
        return
    for change in changes:
        _count(table_report, change)


def _report_problem(table_report, row_id, reason):
    table_report.problems.append(RowProblem(table_report.model, row_id, reason))
    logger.warning("identity_code_key_rotation_row_skipped model=%s row_id=%s", table_report.model._meta.label, row_id)


def _count(table_report, change):
    table_report.changed += 1
    table_report.reencrypted += change.reencrypted
    table_report.rehashed += change.rehashed


def _reencrypted(table_report, row, column):
    """Return (text, new ciphertext or None) of one column, or None after reporting a ciphertext no key decrypts."""
    try:
        return identity_codes.reencrypt(getattr(row, column))
    except InvalidToken:
        _report_problem(
            table_report, row.pk,
            _("%(column)s cannot be decrypted with any key of TOR_IDENTITY_CODE_KEYS") % {"column": column},
        )
        return None


# Learners


def _learner_change(row, table_report):
    if not row.identity_code_ciphertext:
        _report_problem(
            table_report, row.pk, _("the learner has a lookup hash but no encrypted identity code to compute it from"),
        )
        return None
    decrypted = _reencrypted(table_report, row, "identity_code_ciphertext")
    if decrypted is None:
        return None

    code, ciphertext = decrypted
    values = {}
    if ciphertext is not None:
        values["identity_code_ciphertext"] = ciphertext
    current_hash = identity_codes.lookup_hash(code)
    if row.identity_code_hash != current_hash:
        values["identity_code_hash"] = current_hash
    if not values:
        return None
    return _RowChange(row, values, reencrypted=int(ciphertext is not None), rehashed="identity_code_hash" in values)


def _save_learner(table_report, change):
    """Write one learner's change; when another learner has the new hash, write the ciphertext only and report it."""
    learner = change.row
    new_hash = change.values.get("identity_code_hash")
    other_oid = None
    if new_hash is not None:
        other_oid = (
            Learner.objects.filter(identity_code_hash=new_hash).exclude(pk=learner.pk)
            .values_list("oid", flat=True).first()
        )
    if other_oid is None:
        Learner.objects.filter(pk=learner.pk).update(**change.values)
        _count(table_report, change)
        return

    ciphertext = change.values.get("identity_code_ciphertext")
    if ciphertext is not None:
        Learner.objects.filter(pk=learner.pk).update(identity_code_ciphertext=ciphertext)
        _count(table_report, _RowChange(learner, {}, reencrypted=1, rehashed=False))
    _report_problem(
        table_report, learner.pk,
        _(
            "learner %(oid)s keeps the lookup hash of an older key because learner %(other_oid)s has the same "
            "identity code; merge the two learners and run the rotation again"
        ) % {"oid": learner.oid, "other_oid": other_oid},
    )


# Transfer attempts


def _transfer_attempt_change(row, table_report):
    values = {}
    reencrypted = 0
    code = None
    for column in ("identity_code_ciphertext", "document_ciphertext"):
        if not getattr(row, column):
            continue
        decrypted = _reencrypted(table_report, row, column)
        if decrypted is None:
            return None
        text, ciphertext = decrypted
        if ciphertext is not None:
            values[column] = ciphertext
            reencrypted += 1
        if column == "identity_code_ciphertext":
            code = text

    if row.learner_key.startswith(IDENTITY_CODE_KEY_PREFIX):
        if code is None:
            _report_problem(
                table_report, row.pk,
                _("the row is keyed by an identity-code hash but has no encrypted identity code to compute it from"),
            )
            return None
        learner_key = IDENTITY_CODE_KEY_PREFIX + identity_codes.lookup_hash(code)
        if learner_key != row.learner_key:
            values["learner_key"] = learner_key
    if not values:
        return None
    return _RowChange(row, values, reencrypted=reencrypted, rehashed="learner_key" in values)


def _save_transfer_attempt(table_report, change):
    """Write one transfer-log row; merge it with the organisation's row that already has its new learner key.

    Both rows are the latest outcome of the same learner in the same organisation, one written
    before the key changed and one after, so the later outcome stays and counts both rows' transfers.
    """
    attempt = change.row
    learner_key = change.values.get("learner_key")
    other = None
    if learner_key is not None:
        other = (
            TransferAttempt.objects.select_for_update()
            .filter(organisation_key=attempt.organisation_key, learner_key=learner_key).exclude(pk=attempt.pk)
            .only("pk", "attempts", "updated_at").first()
        )
    if other is None:
        TransferAttempt.objects.filter(pk=attempt.pk).update(**change.values)
        _count(table_report, change)
        return

    if other.updated_at >= attempt.updated_at:
        TransferAttempt.objects.filter(pk=other.pk).update(attempts=F("attempts") + attempt.attempts)
        TransferAttempt.objects.filter(pk=attempt.pk).delete()
    else:
        TransferAttempt.objects.filter(pk=other.pk).delete()
        TransferAttempt.objects.filter(pk=attempt.pk).update(**change.values, attempts=F("attempts") + other.attempts)
    table_report.changed += 1
    table_report.merged += 1
